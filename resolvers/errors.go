package resolvers

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// The extensions.code values of errors that clients may see. Every other
// error reaches clients only as "internal error" with a request ID.
const (
	CodeForbidden           = "FORBIDDEN"
	CodeBadUserInput        = "BAD_USER_INPUT"
	CodeIdempotencyKeyInUse = "IDEMPOTENCY_KEY_IN_USE"
	CodeResponseTooLarge    = "RESPONSE_TOO_LARGE"
)

// userFacingError returns an error that the error presenter passes to the
// client as it is, at the current field's path.
func userFacingError(ctx context.Context, code, message string) *gqlerror.Error {
	return &gqlerror.Error{
		Message:    message,
		Path:       graphql.GetPath(ctx),
		Extensions: map[string]any{"code": code},
	}
}
