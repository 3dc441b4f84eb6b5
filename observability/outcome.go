package observability

import (
	"errors"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// internalCode is the extensions.code that the server's error presenter
// gives to every error it hides from clients. An error without a code is
// internal too.
const internalCode = "INTERNAL"

// Outcomes of a GraphQL response, the values of the outcome label.
const (
	outcomeOK            = "ok"             // no errors
	outcomeInvalid       = "invalid"        // the document failed to parse or validate
	outcomeUserError     = "user_error"     // errors, each with a code other than INTERNAL
	outcomeInternalError = "internal_error" // at least one INTERNAL or code-less error
	outcomeCanceled      = "canceled"       // no response, because the client went away
)

// classifyResponse returns the outcome label of resp. Internal errors win
// over validation errors, which win over user errors.
func classifyResponse(resp *graphql.Response) string {
	if resp == nil {
		return outcomeCanceled
	}
	if len(resp.Errors) == 0 {
		return outcomeOK
	}

	outcome := outcomeUserError
	for _, err := range resp.Errors {
		switch errorCode(err) {
		case "", internalCode:
			return outcomeInternalError
		case errcode.ParseFailed, errcode.ValidationFailed:
			outcome = outcomeInvalid
		}
	}
	return outcome
}

// errorKind returns "user" for an error that carries an extensions.code
// other than INTERNAL, and "internal" for every other error.
func errorKind(err error) string {
	var gqlErr *gqlerror.Error
	if !errors.As(err, &gqlErr) {
		return "internal"
	}
	switch errorCode(gqlErr) {
	case "", internalCode:
		return "internal"
	default:
		return "user"
	}
}

// errorCode returns the string extensions.code of err, or "".
func errorCode(err *gqlerror.Error) string {
	if err == nil {
		return ""
	}
	code, _ := err.Extensions["code"].(string)
	return code
}
