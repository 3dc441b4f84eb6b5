package querylimits

import (
	"fmt"

	"github.com/99designs/gqlgen/graphql/errcode"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// Values of extensions.code on the errors of rejected operations.
const (
	CodeComplexityLimit = "COMPLEXITY_LIMIT_EXCEEDED"
	CodeDepthLimit      = "DEPTH_LIMIT_EXCEEDED"
	CodeAliasLimit      = "ALIAS_LIMIT_EXCEEDED"
	CodeFieldLimit      = "FIELD_LIMIT_EXCEEDED"
	CodeVariableDepth   = "VARIABLE_DEPTH_LIMIT_EXCEEDED"
)

// A rejected operation never ran, so the transports send the same HTTP
// status as for a validation error: 422 for application/json and 400 for
// application/graphql-response+json.
func init() {
	for _, code := range []string{
		CodeComplexityLimit, CodeDepthLimit, CodeAliasLimit, CodeFieldLimit, CodeVariableDepth,
	} {
		errcode.RegisterErrorType(code, errcode.KindProtocol)
	}
}

// limitError builds the error for a rejected operation. extensions.value
// and extensions.max carry the numbers of the message for programs.
func limitError(code string, value, limit int, format string, args ...any) *gqlerror.Error {
	err := gqlerror.Errorf(format, args...)
	err.Extensions = map[string]any{"code": code, "value": value, "max": limit}
	return err
}

// shapeError describes a limit that measureShape found exceeded.
func shapeError(e *exceeded) *gqlerror.Error {
	var message string
	switch e.code {
	case CodeDepthLimit:
		message = fmt.Sprintf("operation nests fields at least %d deep, over the maximum depth of %d; "+
			"select fewer levels of nested fields", e.atLeast, e.max)
	case CodeAliasLimit:
		message = fmt.Sprintf("operation has at least %d aliased fields, over the maximum of %d; "+
			"send fewer aliases or split the operation", e.atLeast, e.max)
	case CodeFieldLimit:
		if e.selections {
			message = fmt.Sprintf("operation expands to at least %d selections (fields, fragment spreads "+
				"and inline fragments), over the maximum of %d; spread fewer fragments inside fragments",
				e.atLeast, e.max)
			break
		}
		message = fmt.Sprintf("operation selects at least %d fields with fragments expanded, "+
			"over the maximum of %d; select fewer fields or split the operation", e.atLeast, e.max)
	}
	return limitError(e.code, e.atLeast, e.max, "%s", message)
}
