package observability

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

// BenchmarkGraphQLExtension measures a query for 2 engagements with 5
// fields each through gqlgen, with the metrics and tracing extensions.
// Compare it with BenchmarkGraphQLBare to see what they cost.
func BenchmarkGraphQLExtension(b *testing.B) {
	provider, _ := newRecordingProvider(b)
	m := NewMetrics()
	srv := newGraphQLServer(m.GraphQLExtension(), GraphQLTracing(WithTracerProvider(provider)))
	benchmarkGraphQL(b, srv)
}

// BenchmarkGraphQLBare is BenchmarkGraphQLExtension without extensions.
func BenchmarkGraphQLBare(b *testing.B) {
	benchmarkGraphQL(b, newGraphQLServer())
}

func benchmarkGraphQL(b *testing.B, h http.Handler) {
	const body = `{"query":"query List { engagements { nodes { id contacts { id } owner { id } actionItems { id } signals { id } } } }"}`
	for b.Loop() {
		if rec := postGraphQL(b, h, body); rec.Code != http.StatusOK {
			b.Fatalf("status %d: %s", rec.Code, rec.Body)
		}
	}
}

// BenchmarkHTTPMiddleware measures the middleware around a handler that
// writes nothing.
func BenchmarkHTTPMiddleware(b *testing.B) {
	m := NewMetrics()
	h := m.HTTPMiddleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {}))
	req := httptest.NewRequest(http.MethodGet, "/graphql", nil)
	for b.Loop() {
		h.ServeHTTP(httptest.NewRecorder(), req)
	}
}
