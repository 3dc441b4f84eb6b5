package observability

import "github.com/prometheus/client_golang/prometheus"

func newLoaderBatchSize() *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "dataloader_batch_size",
		Help:    "Keys per dataloader batch, by loader.",
		Buckets: []float64{1, 2, 5, 10, 20, 50, 100, 200, 500, 1000},
	}, []string{"loader"})
}

func newRateLimited() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "ratelimit_rejected_total",
		Help: "Requests rejected by the rate limiter, by kind (read, write).",
	}, []string{"kind"})
}

func newIdempotentReplay() prometheus.Counter {
	return prometheus.NewCounter(prometheus.CounterOpts{
		Name: "idempotency_replays_total",
		Help: "Creates that returned an existing engagement with the same externalId.",
	})
}

// ObserveLoaderBatch records that the loader named loader fetched size keys
// in one batch. loader must be one of a fixed set of names, such as the
// fields of loaders.Loaders, because each name makes a series of its own.
// On a nil *Metrics it does nothing, like the other recording methods of
// this file, so that callers may leave metrics out.
func (m *Metrics) ObserveLoaderBatch(loader string, size int) {
	if m == nil {
		return
	}
	m.loaderBatchSize.WithLabelValues(loader).Observe(float64(size))
}

// RateLimitRejected counts one request rejected by the rate limiter. kind
// is "read" or "write". Any other value is counted as "other".
func (m *Metrics) RateLimitRejected(kind string) {
	if m == nil {
		return
	}
	if kind != "read" && kind != "write" {
		kind = otherLabel
	}
	m.rateLimited.WithLabelValues(kind).Inc()
}

// IdempotencyReplay counts one create that returned an existing engagement
// instead of writing a new one.
func (m *Metrics) IdempotencyReplay() {
	if m == nil {
		return
	}
	m.idempotentReplay.Inc()
}
