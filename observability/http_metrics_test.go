package observability

import (
	"net/http"
	"net/http/httptest"
	"testing"
)

func TestHTTPMiddlewareLabels(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		path   string
		status int // 0 writes nothing
		route  string
		class  string
	}{
		{"graphql", "/graphql", http.StatusOK, "/graphql", "2xx"},
		{"media file", "/media/abc/def.mp3", http.StatusNotFound, "/media", "4xx"},
		{"media root", "/media", http.StatusFound, "/media", "3xx"},
		{"healthz writes nothing", "/healthz", 0, "/healthz", "2xx"},
		{"unknown path", "/wp-admin/login.php", http.StatusServiceUnavailable, otherLabel, "5xx"},
		{"media prefix only", "/mediafoo", http.StatusOK, otherLabel, "2xx"},
		{"graphql subpath", "/graphql/x", http.StatusOK, otherLabel, "2xx"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			m := NewMetrics()
			h := m.HTTPMiddleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				if tt.status != 0 {
					w.WriteHeader(tt.status)
				}
			}))
			h.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodGet, tt.path, nil))

			families := scrape(t, m)
			labels := map[string]string{"route": tt.route, "status_class": tt.class}
			if got := metricValue(t, families, "http_requests_total", labels); got != 1 {
				t.Errorf("http_requests_total%v = %v, want 1", labels, got)
			}
			if got := histogramCount(t, families, "http_request_duration_seconds", map[string]string{"route": tt.route}); got != 1 {
				t.Errorf("http_request_duration_seconds{route=%q} count = %d, want 1", tt.route, got)
			}
		})
	}
}

func TestHTTPMiddlewareCountsPanic(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	panics := m.HTTPMiddleware(http.HandlerFunc(func(http.ResponseWriter, *http.Request) {
		panic("handler bug")
	}))
	recovered := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if recover() != nil {
				w.WriteHeader(http.StatusInternalServerError)
			}
		}()
		panics.ServeHTTP(w, r)
	})

	recovered.ServeHTTP(httptest.NewRecorder(), httptest.NewRequest(http.MethodPost, "/graphql", nil))

	labels := map[string]string{"route": "/graphql", "status_class": "5xx"}
	if got := metricValue(t, scrape(t, m), "http_requests_total", labels); got != 1 {
		t.Errorf("http_requests_total%v = %v, want 1", labels, got)
	}
}

func TestHTTPMiddlewareKeepsFlusher(t *testing.T) {
	t.Parallel()
	m := NewMetrics()
	flushed := false
	h := m.HTTPMiddleware(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		f, ok := w.(http.Flusher)
		if !ok {
			t.Error("ResponseWriter does not implement http.Flusher")
			return
		}
		f.Flush()
		flushed = true
	}))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/graphql", nil))

	if !flushed || !rec.Flushed {
		t.Errorf("flush did not reach the underlying writer: handler flushed %v, recorder flushed %v", flushed, rec.Flushed)
	}
}

func TestStatusClass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		want   string
	}{
		{0, "2xx"},
		{101, "1xx"},
		{200, "2xx"},
		{299, "2xx"},
		{304, "3xx"},
		{429, "4xx"},
		{599, "5xx"},
		{600, otherLabel},
		{99, otherLabel},
		{-1, otherLabel},
	}
	for _, tt := range tests {
		if got := statusClass(tt.status); got != tt.want {
			t.Errorf("statusClass(%d) = %q, want %q", tt.status, got, tt.want)
		}
	}
}
