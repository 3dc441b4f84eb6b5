// Package observability exports the server's Prometheus metrics and
// OpenTelemetry traces. Metrics live in a registry of their own, served by
// Metrics.Handler. Every label takes its values from a bounded set, so no
// client input can grow the number of series without limit. Tracing is off
// unless OTEL_EXPORTER_OTLP_ENDPOINT (or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT)
// names a collector.
package observability
