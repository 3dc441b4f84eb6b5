package observability

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.opentelemetry.io/otel"
	collectortrace "go.opentelemetry.io/proto/otlp/collector/trace/v1"
	"google.golang.org/protobuf/proto"
)

// otlpReceiver is a loopback OTLP/HTTP endpoint that stores the traces
// posted to it.
type otlpReceiver struct {
	mu       sync.Mutex
	paths    []string
	requests []*collectortrace.ExportTraceServiceRequest
}

func startOTLPReceiver(t *testing.T) (*otlpReceiver, string) {
	t.Helper()
	r := &otlpReceiver{}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, req *http.Request) {
		body, err := io.ReadAll(req.Body)
		if err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}
		msg := &collectortrace.ExportTraceServiceRequest{}
		if err := proto.Unmarshal(body, msg); err != nil {
			http.Error(w, err.Error(), http.StatusBadRequest)
			return
		}

		r.mu.Lock()
		r.paths = append(r.paths, req.URL.Path)
		r.requests = append(r.requests, msg)
		r.mu.Unlock()
		w.Header().Set("Content-Type", "application/x-protobuf")
	}))
	t.Cleanup(srv.Close)
	return r, srv.URL
}

// spanNames returns the names of the spans received, the service.name of
// each resource and the path of each request.
func (r *otlpReceiver) spanNames() (names, services []string, paths []string) {
	r.mu.Lock()
	defer r.mu.Unlock()
	for _, req := range r.requests {
		for _, rs := range req.GetResourceSpans() {
			for _, kv := range rs.GetResource().GetAttributes() {
				if kv.GetKey() == "service.name" {
					services = append(services, kv.GetValue().GetStringValue())
				}
			}
			for _, ss := range rs.GetScopeSpans() {
				for _, span := range ss.GetSpans() {
					names = append(names, span.GetName())
				}
			}
		}
	}
	return names, services, append([]string(nil), r.paths...)
}

func envOf(vars map[string]string) func(string) string {
	return func(name string) string { return vars[name] }
}

// The SetupTracing tests replace the global tracer provider, so they do
// not run in parallel with each other.

func TestSetupTracingOffByDefault(t *testing.T) {
	shutdown, enabled, err := SetupTracing(t.Context(), envOf(nil), "engagements-test")
	if err != nil {
		t.Fatalf("SetupTracing: %v", err)
	}
	if enabled {
		t.Errorf("tracing is enabled without OTEL_EXPORTER_OTLP_ENDPOINT")
	}
	if _, span := otel.Tracer("test").Start(t.Context(), "probe"); span.IsRecording() {
		t.Errorf("the global provider records spans while tracing is off")
	}
	if err := shutdown(t.Context()); err != nil {
		t.Errorf("shutdown: %v", err)
	}
}

func TestSetupTracingExports(t *testing.T) {
	t.Cleanup(func() { _, _, _ = SetupTracing(context.Background(), envOf(nil), "") })
	receiver, url := startOTLPReceiver(t)

	shutdown, enabled, err := SetupTracing(t.Context(),
		envOf(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": url}), "engagements-test")
	if err != nil {
		t.Fatalf("SetupTracing: %v", err)
	}
	if !enabled {
		t.Fatalf("tracing is off with OTEL_EXPORTER_OTLP_ENDPOINT=%s", url)
	}

	_, span := otel.Tracer("test").Start(t.Context(), "exported-span")
	span.End()
	if err := shutdown(t.Context()); err != nil {
		t.Fatalf("shutdown: %v", err)
	}

	names, services, paths := receiver.spanNames()
	if len(names) != 1 || names[0] != "exported-span" {
		t.Errorf("received spans %v, want [exported-span]", names)
	}
	if len(services) == 0 || services[0] != "engagements-test" {
		t.Errorf("received service.name %v, want engagements-test", services)
	}
	for _, path := range paths {
		if path != tracesPath {
			t.Errorf("exporter posted to %s, want %s", path, tracesPath)
		}
	}
}

func TestSetupTracingDisabledBySDKVariable(t *testing.T) {
	t.Cleanup(func() { _, _, _ = SetupTracing(context.Background(), envOf(nil), "") })
	receiver, url := startOTLPReceiver(t)

	shutdown, enabled, err := SetupTracing(t.Context(), envOf(map[string]string{
		"OTEL_EXPORTER_OTLP_ENDPOINT": url,
		"OTEL_SDK_DISABLED":           "true",
	}), "engagements-test")
	if err != nil {
		t.Fatalf("SetupTracing: %v", err)
	}
	if enabled {
		t.Errorf("tracing is enabled with OTEL_SDK_DISABLED=true")
	}
	_, span := otel.Tracer("test").Start(t.Context(), "not-exported")
	span.End()
	if err := shutdown(t.Context()); err != nil {
		t.Errorf("shutdown: %v", err)
	}
	if names, _, _ := receiver.spanNames(); len(names) != 0 {
		t.Errorf("received spans %v with tracing disabled", names)
	}
}

func TestSetupTracingRejectsBadEndpoint(t *testing.T) {
	tests := []struct {
		name  string
		value string
	}{
		{"no scheme", "127.0.0.1:4318"},
		{"grpc scheme", "grpc://127.0.0.1:4317"},
		{"no host", "http://"},
		{"user info", "http://collector:s3cret@127.0.0.1:4318"},
		{"malformed", "http://[::1"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			shutdown, enabled, err := SetupTracing(t.Context(),
				envOf(map[string]string{"OTEL_EXPORTER_OTLP_ENDPOINT": tt.value}), "engagements-test")
			if err == nil {
				t.Fatalf("SetupTracing accepted OTEL_EXPORTER_OTLP_ENDPOINT=%q", tt.value)
			}
			if enabled {
				t.Errorf("tracing is enabled after an error")
			}
			if shutdown == nil {
				t.Errorf("shutdown is nil after an error")
			}
			if !strings.Contains(err.Error(), "OTEL_EXPORTER_OTLP_ENDPOINT") {
				t.Errorf("error %q does not name the variable", err)
			}
			if strings.Contains(err.Error(), "s3cret") {
				t.Errorf("error %q contains the password", err)
			}
		})
	}
}
