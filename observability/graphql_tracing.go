package observability

import (
	"context"

	"github.com/99designs/gqlgen/graphql"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// maxRecordedErrors bounds the error events on one operation span, since
// a single document can produce thousands of errors.
const maxRecordedErrors = 10

// GraphQLTracing returns a gqlgen extension that makes one span per
// GraphQL response. The span is named after the operation, or
// "anonymous" for an operation without a name, "unknown" for a document
// that did not parse or validate and "other" for a name outside the
// GraphQL charset or longer than 64 bytes. It carries
// graphql.operation.type and graphql.operation.name, starts when the
// transport began reading the request, and gets status Error and up to
// 10 error events when the response has errors. Resolvers run inside it,
// so database spans become its children. Spans come from the global
// provider unless WithTracerProvider selects another.
func GraphQLTracing(opts ...TracingOption) graphql.HandlerExtension {
	return graphqlTracing{tracer: newTracer(opts)}
}

type graphqlTracing struct {
	tracer trace.Tracer
}

var _ graphql.ResponseInterceptor = graphqlTracing{}

func (graphqlTracing) ExtensionName() string { return "OpenTelemetryTracing" }

func (graphqlTracing) Validate(graphql.ExecutableSchema) error { return nil }

func (t graphqlTracing) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	var opCtx *graphql.OperationContext
	if graphql.HasOperationContext(ctx) {
		opCtx = graphql.GetOperationContext(ctx)
	}
	name := operationName(opCtx)

	startOpts := []trace.SpanStartOption{
		trace.WithSpanKind(trace.SpanKindServer),
		trace.WithAttributes(
			attribute.String("graphql.operation.type", operationType(opCtx)),
			attribute.String("graphql.operation.name", name),
		),
	}
	if opCtx != nil && !opCtx.Stats.OperationStart.IsZero() {
		startOpts = append(startOpts, trace.WithTimestamp(opCtx.Stats.OperationStart))
	}
	ctx, span := t.tracer.Start(ctx, name, startOpts...)
	defer span.End()

	resp := next(ctx)
	recordResponse(span, resp)
	return resp
}

// recordResponse sets the span's status from the response's errors.
func recordResponse(span trace.Span, resp *graphql.Response) {
	if resp == nil {
		span.SetStatus(codes.Error, "canceled before a response")
		return
	}
	if len(resp.Errors) == 0 {
		return
	}

	span.SetStatus(codes.Error, resp.Errors[0].Message)
	for i, err := range resp.Errors {
		if i == maxRecordedErrors {
			break
		}
		span.RecordError(err)
	}
}

// operationType returns "query", "mutation" or "subscription", or
// "unknown" when the document did not parse.
func operationType(opCtx *graphql.OperationContext) string {
	if opCtx == nil || opCtx.Operation == nil {
		return "unknown"
	}
	return string(opCtx.Operation.Operation)
}
