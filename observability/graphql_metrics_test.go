package observability

import (
	"fmt"
	"strings"
	"testing"
)

func TestGraphQLExtensionOutcomes(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		body      string
		operation string
		outcome   string
	}{
		{"ok", `{"query":"query Viewer { viewer { scopes } }"}`, "Viewer", outcomeOK},
		{"anonymous", `{"query":"{ viewer { scopes } }"}`, anonymousOperation, outcomeOK},
		{"user error", `{"query":"query Missing { engagement(id: \"missing\") { id } }"}`, "Missing", outcomeUserError},
		{"internal error", `{"query":"query Broken { engagement(id: \"broken\") { id } }"}`, "Broken", outcomeInternalError},
		{"panic", `{"query":"query Panics { engagement(id: \"panic\") { id } }"}`, "Panics", outcomeInternalError},
		{"parse error", `{"query":"query Unparsed {","operationName":"Unparsed"}`, "Unparsed", outcomeInvalid},
		{"validation error", `{"query":"query Unknown { noSuchField }"}`, unknownOperation, outcomeInvalid},
		{"validation error named", `{"query":"query Unknown { noSuchField }","operationName":"Unknown"}`, "Unknown", outcomeInvalid},
		{"mutation", `{"query":"mutation Create { createEngagement(input: {type: CALL}) { created } }"}`, "Create", outcomeOK},
		{"odd name", `{"query":"{ viewer { scopes } }","operationName":"no spaces allowed"}`, otherLabel, outcomeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewMetrics()
			postGraphQL(t, newGraphQLServer(m.GraphQLExtension()), tt.body)

			families := scrape(t, m)
			labels := map[string]string{"operation": tt.operation, "outcome": tt.outcome}
			if got := metricValue(t, families, "graphql_requests_total", labels); got != 1 {
				t.Errorf("graphql_requests_total%v = %v, want 1", labels, got)
			}
			if n := len(families["graphql_requests_total"].GetMetric()); n != 1 {
				t.Errorf("graphql_requests_total has %d series, want 1", n)
			}
			if got := histogramCount(t, families, "graphql_request_duration_seconds", map[string]string{"operation": tt.operation}); got != 1 {
				t.Errorf("graphql_request_duration_seconds{operation=%q} count = %d, want 1", tt.operation, got)
			}
		})
	}
}

func TestGraphQLExtensionResolverErrors(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	srv := newGraphQLServer(m.GraphQLExtension())

	// companies fails for the second node, at path engagements.nodes.1.companies.
	postGraphQL(t, srv, `{"query":"{ engagements { nodes { id companies { id } } } }"}`)
	postGraphQL(t, srv, `{"query":"{ a: engagement(id: \"missing\") { id } b: engagement(id: \"missing\") { id } }"}`)
	postGraphQL(t, srv, `{"query":"{ engagement(id: \"broken\") { id } }"}`)
	postGraphQL(t, srv, `{"query":"{ engagement(id: \"panic\") { id } }"}`)

	families := scrape(t, m)
	tests := []struct {
		field, kind string
		want        float64
	}{
		{"Engagement.companies", "internal", 1},
		{"Query.engagement", "user", 2},
		{"Query.engagement", "internal", 1},
		{"Query.engagement", "panic", 1},
	}
	for _, tt := range tests {
		labels := map[string]string{"field": tt.field, "kind": tt.kind}
		if got := metricValue(t, families, "graphql_resolver_errors_total", labels); got != tt.want {
			t.Errorf("graphql_resolver_errors_total%v = %v, want %v", labels, got, tt.want)
		}
	}
	for field := range labelValues(families, "graphql_resolver_errors_total", "field") {
		if strings.ContainsAny(field, "0123456789") || strings.Count(field, ".") != 1 {
			t.Errorf("field label %q is not an Object.field coordinate", field)
		}
	}
}

func TestGraphQLExtensionBoundsOperationNames(t *testing.T) {
	t.Parallel()
	const requests = 10000
	m := NewMetrics()
	srv := newGraphQLServer(m.GraphQLExtension())

	for i := range requests {
		body := fmt.Sprintf(`{"query":"query Op%d { viewer { scopes } }"}`, i)
		if rec := postGraphQL(t, srv, body); rec.Code != 200 {
			t.Fatalf("request %d: status %d, body %s", i, rec.Code, rec.Body)
		}
	}

	families := scrape(t, m)
	names := labelValues(families, "graphql_requests_total", "operation")
	if len(names) > maxOperationNames+1 {
		t.Errorf("graphql_requests_total has %d operation names, want at most %d", len(names), maxOperationNames+1)
	}
	if got := len(families["graphql_requests_total"].GetMetric()); got > maxOperationNames+1 {
		t.Errorf("graphql_requests_total has %d series, want at most %d", got, maxOperationNames+1)
	}
	if got := len(families["graphql_request_duration_seconds"].GetMetric()); got > maxOperationNames+1 {
		t.Errorf("graphql_request_duration_seconds has %d series, want at most %d", got, maxOperationNames+1)
	}

	wantOther := float64(requests - maxOperationNames)
	labels := map[string]string{"operation": otherLabel, "outcome": outcomeOK}
	if got := metricValue(t, families, "graphql_requests_total", labels); got != wantOther {
		t.Errorf("graphql_requests_total%v = %v, want %v", labels, got, wantOther)
	}
	// Names admitted first keep their own series.
	labels = map[string]string{"operation": "Op0", "outcome": outcomeOK}
	if got := metricValue(t, families, "graphql_requests_total", labels); got != 1 {
		t.Errorf("graphql_requests_total%v = %v, want 1", labels, got)
	}
}
