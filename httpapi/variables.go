package httpapi

import (
	"context"
	"encoding/json"
	"fmt"
	"math"
	"strconv"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// intVariables is a handler extension that rejects, before execution, Int
// variables outside the 32-bit range that GraphQL's Int has. gqlparser
// coerces variables as 64-bit integers, which would leave the error to
// the field that uses the value, with status 200; a variable that does not
// coerce is a request error instead.
type intVariables struct {
	schema *ast.Schema
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationContextMutator
} = (*intVariables)(nil)

func (*intVariables) ExtensionName() string { return "IntVariables" }

func (c *intVariables) Validate(schema graphql.ExecutableSchema) error {
	c.schema = schema.Schema()
	return nil
}

// MutateOperationContext checks every variable of the operation.
func (c *intVariables) MutateOperationContext(_ context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if opCtx.Operation == nil {
		return nil
	}
	for _, def := range opCtx.Operation.VariableDefinitions {
		if value, ok := opCtx.Variables[def.Variable]; ok {
			if err := c.check(def.Type, value, "$"+def.Variable, 0); err != nil {
				return err
			}
		}
	}
	return nil
}

// maxCheckDepth stops the walk on values nested deeper than any input of
// the schema; the variable depth limit rejects those anyway.
const maxCheckDepth = 32

func (c *intVariables) check(typ *ast.Type, value any, path string, depth int) *gqlerror.Error {
	if value == nil || depth > maxCheckDepth {
		return nil
	}
	if typ.Elem != nil {
		list, ok := value.([]any)
		if !ok {
			return c.check(typ.Elem, value, path, depth+1)
		}
		for i, v := range list {
			if err := c.check(typ.Elem, v, fmt.Sprintf("%s[%d]", path, i), depth+1); err != nil {
				return err
			}
		}
		return nil
	}

	def := c.schema.Types[typ.NamedType]
	switch {
	case def == nil:
		return nil
	case def.Kind == ast.Scalar && def.Name == "Int":
		return checkInt(value, path)
	case def.Kind == ast.InputObject:
		fields, ok := value.(map[string]any)
		if !ok {
			return nil
		}
		for _, f := range def.Fields {
			if err := c.check(f.Type, fields[f.Name], path+"."+f.Name, depth+1); err != nil {
				return err
			}
		}
	}
	return nil
}

func checkInt(value any, path string) *gqlerror.Error {
	var n float64
	switch v := value.(type) {
	case json.Number:
		parsed, err := strconv.ParseFloat(string(v), 64)
		if err != nil {
			return nil
		}
		n = parsed
	case int64:
		n = float64(v)
	case int:
		n = float64(v)
	case float64:
		n = v
	default:
		return nil
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		err := gqlerror.Errorf("variable %s is %v, outside the GraphQL Int range %d to %d", path, value, math.MinInt32, math.MaxInt32)
		err.Extensions = map[string]any{"code": "GRAPHQL_VALIDATION_FAILED"}
		return err
	}
	return nil
}
