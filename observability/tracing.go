package observability

import (
	"context"
	"fmt"
	"strings"
	"time"

	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/exporters/otlp/otlptrace/otlptracehttp"
	"go.opentelemetry.io/otel/propagation"
	"go.opentelemetry.io/otel/sdk/resource"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/trace/noop"
)

// shutdownTimeout bounds flushing the spans still queued at shutdown, so a
// collector that does not respond cannot hold up the server's exit.
const shutdownTimeout = 5 * time.Second

// SetupTracing installs the global OpenTelemetry tracer provider. When
// OTEL_EXPORTER_OTLP_TRACES_ENDPOINT or OTEL_EXPORTER_OTLP_ENDPOINT is
// set, read through getenv, spans are batched and sent there with
// OTLP/HTTP protobuf, and enabled is true. Otherwise, or when
// OTEL_SDK_DISABLED is "true", a no-op provider is installed and enabled
// is false. It also installs the W3C trace context and baggage
// propagators. serviceName becomes the service.name resource attribute.
//
// shutdown flushes queued spans, waiting at most 5 seconds or until ctx
// ends, and stops the exporter. Call it once, before the process exits.
// It is never nil. err reports an endpoint that is not an http or https URL.
func SetupTracing(ctx context.Context, getenv func(string) string, serviceName string) (shutdown func(context.Context) error, enabled bool, err error) {
	noShutdown := func(context.Context) error { return nil }

	endpoint, err := tracesEndpoint(getenv)
	if err != nil {
		return noShutdown, false, err
	}
	if endpoint == "" || strings.EqualFold(strings.TrimSpace(getenv("OTEL_SDK_DISABLED")), "true") {
		otel.SetTracerProvider(noop.NewTracerProvider())
		return noShutdown, false, nil
	}

	// NOTE: the exporter still reads its other settings, such as
	// OTEL_EXPORTER_OTLP_HEADERS and _TIMEOUT, from the process
	// environment, not from getenv.
	exporter, err := otlptracehttp.New(ctx, otlptracehttp.WithEndpointURL(endpoint))
	if err != nil {
		return noShutdown, false, fmt.Errorf("create OTLP trace exporter for %s: %w", endpoint, err)
	}

	provider := sdktrace.NewTracerProvider(
		sdktrace.WithBatcher(exporter),
		sdktrace.WithResource(resource.NewSchemaless(attribute.String("service.name", serviceName))),
	)
	otel.SetTracerProvider(provider)
	otel.SetTextMapPropagator(propagation.NewCompositeTextMapPropagator(
		propagation.TraceContext{}, propagation.Baggage{}))

	shutdown = func(ctx context.Context) error {
		ctx, cancel := context.WithTimeout(ctx, shutdownTimeout)
		defer cancel()
		if err := provider.Shutdown(ctx); err != nil {
			return fmt.Errorf("shut down tracing: flush spans to %s: %w", endpoint, err)
		}
		return nil
	}
	return shutdown, true, nil
}
