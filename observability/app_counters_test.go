package observability

import "testing"

func TestAppCounters(t *testing.T) {
	t.Parallel()
	m := NewMetrics()

	m.ObserveLoaderBatch("companies", 3)
	m.ObserveLoaderBatch("companies", 40)
	m.ObserveLoaderBatch("users", 1)
	m.RateLimitRejected("read")
	m.RateLimitRejected("write")
	m.RateLimitRejected("write")
	m.RateLimitRejected("delete everything")
	m.IdempotencyReplay()
	m.IdempotencyReplay()

	families := scrape(t, m)

	companies := findMetric(families, "dataloader_batch_size", map[string]string{"loader": "companies"})
	if companies == nil {
		t.Fatalf("no dataloader_batch_size series for loader companies")
	}
	if got := companies.GetHistogram().GetSampleCount(); got != 2 {
		t.Errorf("dataloader_batch_size{loader=companies} count = %d, want 2", got)
	}
	if got := companies.GetHistogram().GetSampleSum(); got != 43 {
		t.Errorf("dataloader_batch_size{loader=companies} sum = %v, want 43", got)
	}
	if got := histogramCount(t, families, "dataloader_batch_size", map[string]string{"loader": "users"}); got != 1 {
		t.Errorf("dataloader_batch_size{loader=users} count = %d, want 1", got)
	}

	tests := []struct {
		kind string
		want float64
	}{
		{"read", 1},
		{"write", 2},
		{otherLabel, 1},
	}
	for _, tt := range tests {
		labels := map[string]string{"kind": tt.kind}
		if got := metricValue(t, families, "ratelimit_rejected_total", labels); got != tt.want {
			t.Errorf("ratelimit_rejected_total%v = %v, want %v", labels, got, tt.want)
		}
	}
	if n := len(families["ratelimit_rejected_total"].GetMetric()); n != 3 {
		t.Errorf("ratelimit_rejected_total has %d series, want 3", n)
	}

	if got := metricValue(t, families, "idempotency_replays_total", nil); got != 2 {
		t.Errorf("idempotency_replays_total = %v, want 2", got)
	}
}

// TestHandlerExposesEveryFamily checks the /metrics output after every
// recording method has run once.
func TestHandlerExposesEveryFamily(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	m.ObserveLoaderBatch("companies", 1)
	m.RateLimitRejected("read")
	m.IdempotencyReplay()
	srv := m.HTTPMiddleware(newGraphQLServer(m.GraphQLExtension()))
	postGraphQL(t, srv, `{"query":"{ engagement(id: \"broken\") { id } }"}`)

	families := scrape(t, m)
	for _, name := range []string{
		"go_goroutines",
		"process_cpu_seconds_total",
		"graphql_requests_total",
		"graphql_request_duration_seconds",
		"graphql_resolver_errors_total",
		"dataloader_batch_size",
		"ratelimit_rejected_total",
		"idempotency_replays_total",
		"http_requests_total",
		"http_request_duration_seconds",
	} {
		if _, ok := families[name]; !ok {
			t.Errorf("/metrics lacks %s", name)
		}
	}
}

func TestMetricsRegistriesAreSeparate(t *testing.T) {
	t.Parallel()
	first, second := NewMetrics(), NewMetrics()
	first.IdempotencyReplay()

	if got := metricValue(t, scrape(t, second), "idempotency_replays_total", nil); got != 0 {
		t.Errorf("second Metrics sees idempotency_replays_total = %v, want 0", got)
	}
}

func TestAppCountersOnNilMetrics(t *testing.T) {
	t.Parallel()
	var m *Metrics

	// Each call would panic on a nil receiver without its guard.
	m.ObserveLoaderBatch("companies", 1)
	m.RateLimitRejected("read")
	m.IdempotencyReplay()
}
