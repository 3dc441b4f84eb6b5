package observability

import (
	"net/http"
	"strings"
	"time"

	"github.com/prometheus/client_golang/prometheus"
)

func newHTTPRequests() *prometheus.CounterVec {
	return prometheus.NewCounterVec(prometheus.CounterOpts{
		Name: "http_requests_total",
		Help: "HTTP requests by route (/graphql, /media, /healthz, other) and status class (2xx...).",
	}, []string{"route", "status_class"})
}

func newHTTPDuration() *prometheus.HistogramVec {
	return prometheus.NewHistogramVec(prometheus.HistogramOpts{
		Name:    "http_request_duration_seconds",
		Help:    "Time to serve an HTTP request, by route (/graphql, /media, /healthz, other).",
		Buckets: prometheus.DefBuckets,
	}, []string{"route"})
}

// HTTPMiddleware counts every request that passes through it in
// http_requests_total and http_request_duration_seconds. Wrap it outside
// panic recovery, so that a recovered panic is counted with the status
// that recovery writes. A panic that passes through it is counted as 5xx.
func (m *Metrics) HTTPMiddleware(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		route := routeLabel(r.URL.Path)
		rec := &statusWriter{ResponseWriter: w}

		returned := false
		defer func() {
			status := rec.status
			if !returned {
				status = http.StatusInternalServerError
			}
			m.httpRequests.WithLabelValues(route, statusClass(status)).Inc()
			m.httpDuration.WithLabelValues(route).Observe(time.Since(start).Seconds())
		}()

		next.ServeHTTP(rec, r)
		returned = true
	})
}

// routeLabel maps a request path to one of a fixed set of routes, so that
// clients cannot create series by requesting new paths.
func routeLabel(path string) string {
	switch {
	case path == "/graphql":
		return "/graphql"
	case path == "/healthz":
		return "/healthz"
	case path == "/media" || strings.HasPrefix(path, "/media/"):
		return "/media"
	default:
		return otherLabel
	}
}

// statusClass returns "2xx" for 200 to 299, "4xx" for 400 to 499 and so
// on. A status outside 100 to 599 is "other". A handler that writes nothing is counted as 200,
// which is what net/http sends.
func statusClass(status int) string {
	switch {
	case status == 0:
		return "2xx"
	case status >= 100 && status < 600:
		return string(rune('0'+status/100)) + "xx"
	default:
		return otherLabel
	}
}

// statusWriter remembers the first status code written.
type statusWriter struct {
	http.ResponseWriter
	status int
}

func (s *statusWriter) WriteHeader(code int) {
	// 1xx informational responses precede the final status.
	if s.status == 0 && code >= 200 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusWriter) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	return s.ResponseWriter.Write(b)
}

// Flush keeps streaming responses working for handlers that assert
// http.Flusher on the writer they get.
func (s *statusWriter) Flush() {
	_ = http.NewResponseController(s.ResponseWriter).Flush()
}

// Unwrap lets http.ResponseController reach the underlying writer.
func (s *statusWriter) Unwrap() http.ResponseWriter { return s.ResponseWriter }
