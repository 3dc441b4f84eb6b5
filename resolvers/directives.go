package resolvers

import (
	"context"
	"fmt"

	"github.com/99designs/gqlgen/graphql"

	"engagements/auth"
)

// RequiresScope implements the @requiresScope directive: the field runs
// only when the caller's token carries scope, and otherwise yields a
// FORBIDDEN error on that field.
func RequiresScope(ctx context.Context, _ any, next graphql.Resolver, scope string) (any, error) {
	p := auth.FromContext(ctx)
	if p == nil || !p.Has(auth.Scope(scope)) {
		return nil, userFacingError(ctx, CodeForbidden,
			fmt.Sprintf("this field needs a token with the %s scope; create one with `token create --scopes %s`", scope, scope))
	}
	return next(ctx)
}
