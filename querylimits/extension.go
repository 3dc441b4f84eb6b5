package querylimits

import (
	"context"
	"errors"
	"fmt"

	"github.com/99designs/gqlgen/complexity"
	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/gqlerror"
)

// extensionName is the name under which Extension stores its Cost in the
// operation's stats.
const extensionName = "QueryLimits"

// Cost is the computed cost of an operation and the maximum it was held
// to. Extension sends it to the client as extensions.cost.
type Cost struct {
	Requested int `json:"requested"`
	Limit     int `json:"limit"`
}

// OperationCost returns the Cost that Extension computed for the operation
// in ctx. It returns false when ctx holds no operation or when the operation
// was rejected before its cost was computed.
func OperationCost(ctx context.Context) (Cost, bool) {
	if !graphql.HasOperationContext(ctx) {
		return Cost{}, false
	}
	cost, ok := graphql.GetOperationContext(ctx).Stats.GetExtension(extensionName).(Cost)
	return cost, ok
}

// limits is the HandlerExtension that Extension returns.
type limits struct {
	cfg     Config
	schema  graphql.ExecutableSchema
	written *writtenFields
}

var _ interface {
	graphql.HandlerExtension
	graphql.OperationParameterMutator
	graphql.OperationContextMutator
	graphql.ResponseInterceptor
} = (*limits)(nil)

// Extension returns a handler extension that rejects operations over the
// limits of cfg (unset limits take their defaults) with an error whose
// extensions.code is one of the Code constants and whose message gives the
// measured value and the maximum. It checks the variables' depth before
// parsing, then depth, aliases and fields, and the complexity last, because
// gqlgen's complexity walk follows every fragment spread without a bound.
// Every operation whose cost was computed gets extensions.cost in its
// response, rejected ones included.
//
// The schema given to handler.New must be built with Complexity(); Validate
// returns an error otherwise, so the handler fails at start-up instead of
// costing every list as one element.
func Extension(cfg Config) graphql.HandlerExtension {
	return &limits{cfg: cfg.withDefaults(), written: newWrittenFields()}
}

// ExtensionName returns the name shown in gqlgen's stats.
func (l *limits) ExtensionName() string { return extensionName }

// Validate stores the schema for the complexity walk and checks that it
// uses this package's cost functions.
func (l *limits) Validate(schema graphql.ExecutableSchema) error {
	if _, ok := schema.Complexity(context.Background(), "Query", "engagements", 1, map[string]any{}); !ok {
		return errors.New("querylimits: the schema has no cost function for Query.engagements; " +
			"build it with graph.Config{Complexity: querylimits.Complexity()}")
	}

	l.schema = schema
	return nil
}

// MutateOperationParameters rejects, before gqlparser validates the
// document, variables nested deeper than MaxVariableDepth and documents
// that write more than MaxFields fields in all their operations and
// fragments together.
func (l *limits) MutateOperationParameters(ctx context.Context, params *graphql.RawParams) *gqlerror.Error {
	if n := l.written.count(ctx, params.Query); n > l.cfg.MaxFields {
		return limitError(CodeFieldLimit, n, l.cfg.MaxFields,
			"document has %d fields, over the maximum of %d; select fewer fields or split the operation",
			n, l.cfg.MaxFields)
	}
	if variablesTooDeep(params.Variables, l.cfg.MaxVariableDepth) {
		return limitError(CodeVariableDepth, l.cfg.MaxVariableDepth+1, l.cfg.MaxVariableDepth,
			"variables nest lists or objects more than %d levels deep, over the maximum of %d; "+
				"send flatter variables", l.cfg.MaxVariableDepth, l.cfg.MaxVariableDepth)
	}
	return nil
}

// MutateOperationContext rejects the validated operation when it goes over
// a limit and records its Cost otherwise.
func (l *limits) MutateOperationContext(ctx context.Context, opCtx *graphql.OperationContext) *gqlerror.Error {
	if over := measureShape(opCtx.Operation, l.cfg); over != nil {
		return shapeError(over)
	}

	requested := complexity.Calculate(ctx, l.schema, opCtx.Operation, opCtx.Variables)
	cost := Cost{Requested: requested, Limit: l.cfg.MaxComplexity}
	opCtx.Stats.SetExtension(extensionName, cost)

	if requested > l.cfg.MaxComplexity {
		return limitError(CodeComplexityLimit, requested, l.cfg.MaxComplexity,
			"operation has complexity %d, over the maximum of %d; %s",
			requested, l.cfg.MaxComplexity, fixComplexity)
	}
	return nil
}

// fixComplexity is the advice on how to bring the cost down.
var fixComplexity = fmt.Sprintf("request a smaller page (engagements(first:), default %d), "+
	"fewer expansions or fewer fields", defaultPageSize)

// InterceptResponse adds extensions.cost to the response. It registers the
// extension before calling next, because gqlgen copies the extensions into
// the response inside next.
func (l *limits) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	if cost, ok := OperationCost(ctx); ok {
		graphql.RegisterExtension(ctx, "cost", cost)
	}
	return next(ctx)
}
