package observability

import (
	"net/http"

	"github.com/prometheus/client_golang/prometheus"
	"github.com/prometheus/client_golang/prometheus/collectors"
	"github.com/prometheus/client_golang/prometheus/promhttp"
)

// Metrics holds the server's metric families in a registry of its own, not
// the global one, so that tests and several servers in one process do not
// share series. It also registers the Go runtime and process collectors.
// All methods are safe for concurrent use.
type Metrics struct {
	registry *prometheus.Registry

	graphqlRequests  *prometheus.CounterVec
	graphqlDuration  *prometheus.HistogramVec
	resolverErrors   *prometheus.CounterVec
	operationNames   *labelSet
	loaderBatchSize  *prometheus.HistogramVec
	rateLimited      *prometheus.CounterVec
	idempotentReplay prometheus.Counter
	httpRequests     *prometheus.CounterVec
	httpDuration     *prometheus.HistogramVec
}

// NewMetrics returns Metrics with every family registered. Families with
// labels appear in Handler's output once a series has a value.
func NewMetrics() *Metrics {
	m := &Metrics{
		registry:         prometheus.NewRegistry(),
		graphqlRequests:  newGraphQLRequests(),
		graphqlDuration:  newGraphQLDuration(),
		resolverErrors:   newResolverErrors(),
		operationNames:   newLabelSet(maxOperationNames),
		loaderBatchSize:  newLoaderBatchSize(),
		rateLimited:      newRateLimited(),
		idempotentReplay: newIdempotentReplay(),
		httpRequests:     newHTTPRequests(),
		httpDuration:     newHTTPDuration(),
	}

	m.registry.MustRegister(
		collectors.NewGoCollector(),
		collectors.NewProcessCollector(collectors.ProcessCollectorOpts{}),
		m.graphqlRequests,
		m.graphqlDuration,
		m.resolverErrors,
		m.loaderBatchSize,
		m.rateLimited,
		m.idempotentReplay,
		m.httpRequests,
		m.httpDuration,
	)
	return m
}

// Handler returns the handler for GET /metrics in the Prometheus text or
// protobuf format, as the scraper's Accept header requests. A collector that
// fails is reported in the output's errors and the remaining families are
// still served.
func (m *Metrics) Handler() http.Handler {
	return promhttp.HandlerFor(m.registry, promhttp.HandlerOpts{
		ErrorHandling: promhttp.ContinueOnError,
		Registry:      m.registry,
	})
}
