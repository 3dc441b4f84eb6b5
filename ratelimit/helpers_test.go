package ratelimit

import (
	"context"
	"crypto/rand"
	"log/slog"
	"net"
	"strings"
	"sync"
	"testing"
	"time"

	"engagements/internal/testenv"

	"github.com/redis/go-redis/v9"
)

// newTestLimiter returns a Limiter on the shared test Redis with a prefix
// of the test's own, so that parallel tests never meet on a key.
func newTestLimiter(t testing.TB) (*Limiter, *redis.Client) {
	t.Helper()
	client := testenv.Redis(t)
	prefix := "test:ratelimit:" + t.Name() + ":" + rand.Text() + ":"
	return NewLimiter(client, prefix, slog.New(slog.DiscardHandler)), client
}

// mustAllow runs Allow and fails the test on an error.
func mustAllow(t *testing.T, l *Limiter, key string, rate Rate) Result {
	t.Helper()
	res, err := l.Allow(t.Context(), key, rate)
	if err != nil {
		t.Fatalf("Allow(%q, %+v): %v", key, rate, err)
	}
	return res
}

// slowRetryClient returns a client whose own retries against a failing
// server would take about 20 seconds, so a test can tell the Limiter's
// per-call timeout from the client's defaults.
func slowRetryClient(t *testing.T, url string, contextTimeout bool) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(url)
	if err != nil {
		t.Fatalf("parse Redis URL %q: %v", url, err)
	}
	opts.MaxRetries = 20
	opts.MinRetryBackoff = time.Second
	opts.MaxRetryBackoff = time.Second
	opts.ContextTimeoutEnabled = contextTimeout
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })
	return client
}

// allowWithin runs Allow and fails the test when it has not returned after
// limit. The limit is a watchdog far above the expected time, not a speed
// check.
func allowWithin(t *testing.T, l *Limiter, key string, rate Rate, limit time.Duration) (Result, error) {
	t.Helper()
	type outcome struct {
		res Result
		err error
	}
	done := make(chan outcome, 1)
	go func() {
		res, err := l.Allow(context.Background(), key, rate)
		done <- outcome{res, err}
	}()

	select {
	case o := <-done:
		return o.res, o.err
	case <-time.After(limit):
		t.Fatalf("Allow did not return within %s; Redis calls are not bounded by the per-call timeout", limit)
		return Result{}, nil
	}
}

// hungServer listens on a loopback port, accepts connections and never
// replies, like a Redis that is stuck. It returns the server's Redis URL.
func hungServer(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen on loopback: %v", err)
	}

	var mu sync.Mutex
	var conns []net.Conn
	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			mu.Lock()
			conns = append(conns, conn)
			mu.Unlock()
		}
	}()
	t.Cleanup(func() {
		ln.Close()
		mu.Lock()
		defer mu.Unlock()
		for _, c := range conns {
			c.Close()
		}
	})
	return "redis://" + ln.Addr().String() + "/0"
}

// recordHandler is a slog.Handler that keeps every record for inspection.
type recordHandler struct {
	mu      sync.Mutex
	records []slog.Record
}

func (h *recordHandler) Enabled(context.Context, slog.Level) bool { return true }

func (h *recordHandler) Handle(_ context.Context, r slog.Record) error {
	h.mu.Lock()
	defer h.mu.Unlock()
	h.records = append(h.records, r.Clone())
	return nil
}

func (h *recordHandler) WithAttrs([]slog.Attr) slog.Handler { return h }
func (h *recordHandler) WithGroup(string) slog.Handler      { return h }

// matching returns the records whose message starts with prefix.
func (h *recordHandler) matching(prefix string) []slog.Record {
	h.mu.Lock()
	defer h.mu.Unlock()
	var out []slog.Record
	for _, r := range h.records {
		if strings.HasPrefix(r.Message, prefix) {
			out = append(out, r)
		}
	}
	return out
}

// text returns a record's message and attributes as one string.
func text(r slog.Record) string {
	var b strings.Builder
	b.WriteString(r.Message)
	r.Attrs(func(a slog.Attr) bool {
		b.WriteString(" " + a.Key + "=" + a.Value.String())
		return true
	})
	return b.String()
}

// attr returns the value of a record's attribute key, or "" when missing.
func attr(r slog.Record, key string) string {
	var v string
	r.Attrs(func(a slog.Attr) bool {
		if a.Key == key {
			v = a.Value.String()
			return false
		}
		return true
	})
	return v
}
