package observability

import (
	"context"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/multitracer"
	"github.com/jackc/pgx/v5/pgxpool"
	"go.opentelemetry.io/otel/codes"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"

	"engagements/internal/testenv"
)

// queryCounter is a second tracer, like the ones other tests use to count
// queries.
type queryCounter struct{ queries atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.queries.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// tracedPool opens a pool on the test database that traces with both
// NewPgxTracer and counter.
func tracedPool(t *testing.T, counter *queryCounter) (*pgxpool.Pool, *tracetest.SpanRecorder) {
	t.Helper()
	provider, recorder := newRecordingProvider(t)
	cfg, err := pgxpool.ParseConfig(testenv.DatabaseURL(t))
	if err != nil {
		t.Fatalf("parse database URL: %v", err)
	}
	cfg.ConnConfig.Tracer = multitracer.New(NewPgxTracer(WithTracerProvider(provider)), counter)
	pool, err := pgxpool.NewWithConfig(t.Context(), cfg)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool, recorder
}

func TestPgxTracerQuery(t *testing.T) {
	t.Parallel()
	counter := &queryCounter{}
	pool, recorder := tracedPool(t, counter)

	const secret = "argument-value-7f3a"
	var got string
	if err := pool.QueryRow(t.Context(), "SELECT $1::text", secret).Scan(&got); err != nil {
		t.Fatalf("query: %v", err)
	}

	spans := spansNamed(recorder.Ended(), "SELECT")
	if len(spans) != 1 {
		t.Fatalf("got %d SELECT spans, want 1; all: %v", len(spans), recorder.Ended())
	}
	span := spans[0]
	if span.SpanKind() != trace.SpanKindClient {
		t.Errorf("span kind = %v, want client", span.SpanKind())
	}
	if v, _ := spanAttribute(span, "db.system"); v.AsString() != "postgresql" {
		t.Errorf("db.system = %q, want postgresql", v.AsString())
	}
	if v, _ := spanAttribute(span, "db.query.text"); v.AsString() != "SELECT $1::text" {
		t.Errorf("db.query.text = %q, want the SQL text", v.AsString())
	}
	if v, _ := spanAttribute(span, "server.address"); v.AsString() == "" {
		t.Errorf("server.address is empty")
	}
	for _, kv := range span.Attributes() {
		if strings.Contains(kv.Value.Emit(), secret) {
			t.Errorf("attribute %s contains the argument value", kv.Key)
		}
	}
	if counter.queries.Load() != 1 {
		t.Errorf("the combined tracer counted %d queries, want 1", counter.queries.Load())
	}
}

func TestPgxTracerQueryError(t *testing.T) {
	t.Parallel()
	pool, recorder := tracedPool(t, &queryCounter{})

	if _, err := pool.Exec(t.Context(), "SELECT * FROM no_such_table"); err == nil {
		t.Fatal("query on a missing table succeeded")
	}

	spans := spansNamed(recorder.Ended(), "SELECT")
	if len(spans) != 1 {
		t.Fatalf("got %d SELECT spans, want 1", len(spans))
	}
	if spans[0].Status().Code != codes.Error {
		t.Errorf("span status = %v, want error", spans[0].Status())
	}
	if len(spans[0].Events()) == 0 {
		t.Errorf("span recorded no error event")
	}
}

func TestPgxTracerParentSpan(t *testing.T) {
	t.Parallel()
	provider, _ := newRecordingProvider(t)
	pool, recorder := tracedPool(t, &queryCounter{})

	ctx, parent := provider.Tracer("test").Start(t.Context(), "parent")
	if _, err := pool.Exec(ctx, "SELECT 1"); err != nil {
		t.Fatalf("query: %v", err)
	}
	parent.End()

	spans := spansNamed(recorder.Ended(), "SELECT")
	if len(spans) != 1 {
		t.Fatalf("got %d SELECT spans, want 1", len(spans))
	}
	if got := spans[0].Parent().SpanID(); got != parent.SpanContext().SpanID() {
		t.Errorf("query span's parent = %s, want %s", got, parent.SpanContext().SpanID())
	}
}

func TestPgxTracerTruncatesSQL(t *testing.T) {
	t.Parallel()
	pool, recorder := tracedPool(t, &queryCounter{})

	sql := "SELECT 1 -- " + strings.Repeat("é", maxSQLLen)
	if _, err := pool.Exec(t.Context(), sql); err != nil {
		t.Fatalf("query: %v", err)
	}

	spans := spansNamed(recorder.Ended(), "SELECT")
	if len(spans) != 1 {
		t.Fatalf("got %d SELECT spans, want 1", len(spans))
	}
	v, _ := spanAttribute(spans[0], "db.query.text")
	if got := len(v.AsString()); got > maxSQLLen || got < maxSQLLen-3 {
		t.Errorf("db.query.text has %d bytes, want %d cut at a rune boundary", got, maxSQLLen)
	}
	if !strings.HasPrefix(sql, v.AsString()) {
		t.Errorf("db.query.text is not a prefix of the SQL")
	}
}

func TestPgxTracerBatch(t *testing.T) {
	t.Parallel()
	pool, recorder := tracedPool(t, &queryCounter{})

	batch := &pgx.Batch{}
	batch.Queue("SELECT 1")
	batch.Queue("SELECT 2")
	if err := pool.SendBatch(t.Context(), batch).Close(); err != nil {
		t.Fatalf("send batch: %v", err)
	}

	spans := spansNamed(recorder.Ended(), "BATCH")
	if len(spans) != 1 {
		t.Fatalf("got %d BATCH spans, want 1; all: %v", len(spans), recorder.Ended())
	}
	if v, _ := spanAttribute(spans[0], "db.operation.batch.size"); v.AsInt64() != 2 {
		t.Errorf("db.operation.batch.size = %d, want 2", v.AsInt64())
	}
	if got := len(spans[0].Events()); got != 2 {
		t.Errorf("batch span has %d query events, want 2", got)
	}
}

func TestPgxTracerCopyFrom(t *testing.T) {
	t.Parallel()
	pool, recorder := tracedPool(t, &queryCounter{})
	ctx := t.Context()

	// A temporary table lives on one connection, so hold one.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatalf("acquire: %v", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, "CREATE TEMP TABLE copy_target (n int)"); err != nil {
		t.Fatalf("create table: %v", err)
	}
	rows := [][]any{{1}, {2}, {3}}
	if _, err := conn.CopyFrom(ctx, pgx.Identifier{"copy_target"}, []string{"n"}, pgx.CopyFromRows(rows)); err != nil {
		t.Fatalf("copy from: %v", err)
	}

	spans := spansNamed(recorder.Ended(), "COPY")
	if len(spans) != 1 {
		t.Fatalf("got %d COPY spans, want 1; all: %v", len(spans), recorder.Ended())
	}
	if v, _ := spanAttribute(spans[0], "db.collection.name"); v.AsString() != `"copy_target"` {
		t.Errorf("db.collection.name = %q, want %q", v.AsString(), `"copy_target"`)
	}
}

// Spans must end even when another tracer combined after this one puts
// its own span in the context.
func TestPgxTracerEndsOwnSpanWhenCombined(t *testing.T) {
	t.Parallel()
	provider, recorder := newRecordingProvider(t)
	other := NewPgxTracer(WithTracerProvider(sdktrace.NewTracerProvider()))
	tracer := multitracer.New(NewPgxTracer(WithTracerProvider(provider)), other)

	ctx := tracer.TraceQueryStart(t.Context(), nil, pgx.TraceQueryStartData{SQL: "SELECT 1"})
	tracer.TraceQueryEnd(ctx, nil, pgx.TraceQueryEndData{})

	if got := len(spansNamed(recorder.Ended(), "SELECT")); got != 1 {
		t.Errorf("got %d ended SELECT spans, want 1", got)
	}
}
