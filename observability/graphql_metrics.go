package observability

import (
	"context"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/prometheus/client_golang/prometheus"
)

func newGraphQLRequests() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "graphql_requests_total",
		Help: "GraphQL responses by operation name and outcome " +
			"(ok, user_error, invalid, internal_error, canceled).",
	}, []string{"operation", "outcome"})
}

func newGraphQLDuration() *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name: "graphql_request_duration_seconds",
		Help: "Time from reading a GraphQL request to its response being ready, by operation name.",
		// From 5 ms to 10 s.
		Buckets: prometheus.DefBuckets,
	}, []string{"operation"})
}

func newResolverErrors() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "graphql_resolver_errors_total",
		Help: "Errors returned by field resolvers, by field (Object.field) and kind " +
			"(user, internal, panic).",
	}, []string{"field", "kind"})
}

// GraphQLExtension returns a gqlgen extension that counts each response
// in graphql_requests_total and graphql_request_duration_seconds, and
// each failed field in graphql_resolver_errors_total. Add it with
// handler.Server.Use. Responses rejected before execution (parse or
// validation errors) are counted too.
func (m *Metrics) GraphQLExtension() graphql.HandlerExtension {
	return graphqlMetrics{m: m}
}

type graphqlMetrics struct {
	m *Metrics
}

var (
	_ graphql.ResponseInterceptor = graphqlMetrics{}
	_ graphql.FieldInterceptor    = graphqlMetrics{}
)

func (graphqlMetrics) ExtensionName() string { return "PrometheusMetrics" }

func (graphqlMetrics) Validate(graphql.ExecutableSchema) error { return nil }

// InterceptResponse records one request per response.
// NOTE: an operation with @defer or a subscription has several responses,
// and each is counted as a request; the server has no transport for either.
func (e graphqlMetrics) InterceptResponse(ctx context.Context, next graphql.ResponseHandler) *graphql.Response {
	var opCtx *graphql.OperationContext
	if graphql.HasOperationContext(ctx) {
		opCtx = graphql.GetOperationContext(ctx)
	}
	start := time.Now()
	if opCtx != nil && !opCtx.Stats.OperationStart.IsZero() {
		// The transport set this when it started reading the request, so
		// parsing and validation count too.
		start = opCtx.Stats.OperationStart
	}

	resp := next(ctx)

	operation := operationLabel(e.m.operationNames, opCtx)
	e.m.graphqlRequests.WithLabelValues(operation, classifyResponse(resp)).Inc()
	e.m.graphqlDuration.WithLabelValues(operation).Observe(time.Since(start).Seconds())
	return resp
}

// InterceptField counts an error or a panic of the field's resolver under
// the field's schema coordinate, never its path, because paths contain
// list indices and aliases chosen by the client.
func (e graphqlMetrics) InterceptField(ctx context.Context, next graphql.Resolver) (any, error) {
	// A flag instead of recover, so that the panic and its stack reach
	// gqlgen's recover function unchanged.
	returned := false
	defer func() {
		if !returned {
			e.m.resolverErrors.WithLabelValues(fieldCoordinate(ctx), "panic").Inc()
		}
	}()

	res, err := next(ctx)
	returned = true
	if err != nil {
		e.m.resolverErrors.WithLabelValues(fieldCoordinate(ctx), errorKind(err)).Inc()
	}
	return res, err
}

// fieldCoordinate returns "Object.field" for the field being resolved.
// The schema fixes the set of values, so the label stays bounded.
func fieldCoordinate(ctx context.Context) string {
	fc := graphql.GetFieldContext(ctx)
	if fc == nil || fc.Field.Field == nil {
		return "unknown"
	}
	return fc.Object + "." + fc.Field.Name
}
