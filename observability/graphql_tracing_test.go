package observability

import (
	"testing"

	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// newRecordingProvider returns a tracer provider whose ended spans
// collect in the returned recorder, synchronously.
func newRecordingProvider(t testing.TB) (*sdktrace.TracerProvider, *tracetest.SpanRecorder) {
	t.Helper()
	recorder := tracetest.NewSpanRecorder()
	provider := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(recorder))
	t.Cleanup(func() { _ = provider.Shutdown(t.Context()) })
	return provider, recorder
}

// spanAttribute returns the value of key on span, and whether it is set.
func spanAttribute(span sdktrace.ReadOnlySpan, key string) (attribute.Value, bool) {
	for _, kv := range span.Attributes() {
		if string(kv.Key) == key {
			return kv.Value, true
		}
	}
	return attribute.Value{}, false
}

func spansNamed(spans []sdktrace.ReadOnlySpan, name string) []sdktrace.ReadOnlySpan {
	var found []sdktrace.ReadOnlySpan
	for _, span := range spans {
		if span.Name() == name {
			found = append(found, span)
		}
	}
	return found
}

func TestGraphQLTracingSpans(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		body     string
		spanName string
		opType   string
		failed   bool
	}{
		{"named query", `{"query":"query Viewer { viewer { scopes } }"}`, "Viewer", "query", false},
		{"anonymous", `{"query":"{ viewer { scopes } }"}`, anonymousOperation, "query", false},
		{"mutation", `{"query":"mutation Create { createEngagement(input: {type: CALL}) { created } }"}`, "Create", "mutation", false},
		{"resolver error", `{"query":"query Broken { engagement(id: \"broken\") { id } }"}`, "Broken", "query", true},
		{"parse error", `{"query":"{"}`, unknownOperation, "unknown", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			provider, recorder := newRecordingProvider(t)
			postGraphQL(t, newGraphQLServer(GraphQLTracing(WithTracerProvider(provider))), tt.body)

			spans := spansNamed(recorder.Ended(), tt.spanName)
			if len(spans) != 1 {
				t.Fatalf("got %d spans named %q, want 1; all spans: %v", len(spans), tt.spanName, recorder.Ended())
			}
			span := spans[0]
			if got, _ := spanAttribute(span, "graphql.operation.type"); got.AsString() != tt.opType {
				t.Errorf("graphql.operation.type = %q, want %q", got.AsString(), tt.opType)
			}
			if got, _ := spanAttribute(span, "graphql.operation.name"); got.AsString() != tt.spanName {
				t.Errorf("graphql.operation.name = %q, want %q", got.AsString(), tt.spanName)
			}
			if failed := span.Status().Code == codes.Error; failed != tt.failed {
				t.Errorf("span status %v, want error %v", span.Status(), tt.failed)
			}
			if tt.failed && len(span.Events()) == 0 {
				t.Errorf("failed span has no error events")
			}
		})
	}
}

func TestGraphQLTracingParentsResolverSpans(t *testing.T) {
	t.Parallel()
	provider, recorder := newRecordingProvider(t)
	postGraphQL(t, newGraphQLServer(GraphQLTracing(WithTracerProvider(provider))),
		`{"query":"query Viewer { viewer { scopes } }"}`)

	operation := spansNamed(recorder.Ended(), "Viewer")
	child := spansNamed(recorder.Ended(), "stub.viewer")
	if len(operation) != 1 || len(child) != 1 {
		t.Fatalf("got %d operation spans and %d resolver spans, want 1 each", len(operation), len(child))
	}
	if got, want := child[0].Parent().SpanID(), operation[0].SpanContext().SpanID(); got != want {
		t.Errorf("resolver span's parent = %s, want the operation span %s", got, want)
	}
}

func TestGraphQLTracingBoundsErrorEvents(t *testing.T) {
	t.Parallel()
	provider, recorder := newRecordingProvider(t)
	query := "{"
	for i := range 3 * maxRecordedErrors {
		query += " a" + string(rune('a'+i%26)) + string(rune('a'+i/26)) + `: engagement(id: \"broken\") { id }`
	}
	query += " }"
	postGraphQL(t, newGraphQLServer(GraphQLTracing(WithTracerProvider(provider))), `{"query":"`+query+`"}`)

	spans := spansNamed(recorder.Ended(), anonymousOperation)
	if len(spans) != 1 {
		t.Fatalf("got %d operation spans, want 1", len(spans))
	}
	if got := len(spans[0].Events()); got != maxRecordedErrors {
		t.Errorf("span has %d error events, want %d", got, maxRecordedErrors)
	}
}
