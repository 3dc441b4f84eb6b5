package observability

import (
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/trace"
)

// instrumentationName names this package as the instrumentation scope of
// its spans.
const instrumentationName = "engagements/observability"

// TracingOption configures GraphQLTracing and NewPgxTracer.
type TracingOption func(*tracingConfig)

type tracingConfig struct {
	provider trace.TracerProvider
}

// WithTracerProvider makes spans come from provider instead of the global
// provider that SetupTracing installs.
func WithTracerProvider(provider trace.TracerProvider) TracingOption {
	return func(c *tracingConfig) { c.provider = provider }
}

// newTracer returns the tracer of the provider chosen by opts. A tracer
// taken from the global provider before SetupTracing runs forwards to the
// provider that SetupTracing installs.
func newTracer(opts []TracingOption) trace.Tracer {
	cfg := tracingConfig{provider: otel.GetTracerProvider()}
	for _, opt := range opts {
		opt(&cfg)
	}
	return cfg.provider.Tracer(instrumentationName)
}
