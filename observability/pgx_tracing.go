package observability

import (
	"context"

	"github.com/jackc/pgx/v5"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/trace"
)

// NewPgxTracer returns a pgx tracer that makes one client span per query,
// batch and COPY FROM, with db.system=postgresql, the database and server,
// and the SQL text cut to 2048 bytes. Argument values are never recorded.
// The returned value also implements pgx.BatchTracer and
// pgx.CopyFromTracer. To use it beside other tracers, combine them with
// multitracer.New from github.com/jackc/pgx/v5/multitracer. Spans come
// from the global provider unless WithTracerProvider selects another.
func NewPgxTracer(opts ...TracingOption) pgx.QueryTracer {
	return &pgxTracer{tracer: newTracer(opts)}
}

type pgxTracer struct {
	tracer trace.Tracer
}

var (
	_ pgx.QueryTracer    = (*pgxTracer)(nil)
	_ pgx.BatchTracer    = (*pgxTracer)(nil)
	_ pgx.CopyFromTracer = (*pgxTracer)(nil)
)

// pgxSpanKey stores a tracer's span in the context, keyed by the tracer
// so that two of them can be combined. The span is not taken from
// trace.SpanFromContext, because a tracer combined after this one may
// have put its own span there.
type pgxSpanKey struct{ tracer *pgxTracer }

func (t *pgxTracer) start(ctx context.Context, conn *pgx.Conn, name string, attrs ...attribute.KeyValue) context.Context {
	attrs = append(attrs, connAttributes(conn)...)
	ctx, span := t.tracer.Start(ctx, name,
		trace.WithSpanKind(trace.SpanKindClient),
		trace.WithAttributes(attrs...))
	return context.WithValue(ctx, pgxSpanKey{t}, span)
}

func (t *pgxTracer) end(ctx context.Context, err error) {
	span, ok := ctx.Value(pgxSpanKey{t}).(trace.Span)
	if !ok {
		return
	}
	if err != nil {
		span.RecordError(err)
		span.SetStatus(codes.Error, err.Error())
	}
	span.End()
}

func (t *pgxTracer) TraceQueryStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	return t.start(ctx, conn, sqlSpanName(data.SQL), attribute.String("db.query.text", truncateSQL(data.SQL)))
}

func (t *pgxTracer) TraceQueryEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryEndData) {
	t.end(ctx, data.Err)
}

func (t *pgxTracer) TraceBatchStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceBatchStartData) context.Context {
	size := 0
	if data.Batch != nil {
		size = data.Batch.Len()
	}
	return t.start(ctx, conn, "BATCH", attribute.Int("db.operation.batch.size", size))
}

// TraceBatchQuery adds each query of the batch as an event of the batch
// span, since pgx sends them in one round trip.
func (t *pgxTracer) TraceBatchQuery(ctx context.Context, _ *pgx.Conn, data pgx.TraceBatchQueryData) {
	span, ok := ctx.Value(pgxSpanKey{t}).(trace.Span)
	if !ok {
		return
	}
	attrs := []attribute.KeyValue{attribute.String("db.query.text", truncateSQL(data.SQL))}
	if data.Err != nil {
		attrs = append(attrs, attribute.String("error.message", data.Err.Error()))
	}
	span.AddEvent("query", trace.WithAttributes(attrs...))
}

func (t *pgxTracer) TraceBatchEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceBatchEndData) {
	t.end(ctx, data.Err)
}

func (t *pgxTracer) TraceCopyFromStart(ctx context.Context, conn *pgx.Conn, data pgx.TraceCopyFromStartData) context.Context {
	return t.start(ctx, conn, "COPY", attribute.String("db.collection.name", data.TableName.Sanitize()))
}

func (t *pgxTracer) TraceCopyFromEnd(ctx context.Context, _ *pgx.Conn, data pgx.TraceCopyFromEndData) {
	t.end(ctx, data.Err)
}

// connAttributes names the database system, database and server of conn.
func connAttributes(conn *pgx.Conn) []attribute.KeyValue {
	attrs := []attribute.KeyValue{attribute.String("db.system", "postgresql")}
	if conn == nil {
		return attrs
	}
	cfg := conn.Config()
	return append(attrs,
		attribute.String("db.namespace", cfg.Database),
		attribute.String("server.address", cfg.Host),
		attribute.Int("server.port", int(cfg.Port)),
	)
}
