// Package testserver starts the whole API in-process for end-to-end tests:
// the handler of httpapi.New on a migrated test database and the shared
// test Redis, served by an httptest.Server on 127.0.0.1. StartWith can
// also mount the GraphiQL playground, for browser tests.
//
// A test binary that uses it must run its tests through testenv.Main, so
// that the binary's database is dropped when the tests end.
package testserver

import (
	"bytes"
	"context"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"engagements/db"
	"engagements/engagement"
	"engagements/httpapi"
	"engagements/idempotency"
	"engagements/internal/testenv"
	"engagements/logging"
	"engagements/playground"
)

// AllowedOrigin is the one browser origin that the server's CORS policy
// allows.
const AllowedOrigin = "https://app.example.com"

// maxLogBytes bounds the server log that a failed test prints.
const maxLogBytes = 64 << 10

var (
	migrateOnce sync.Once
	migrateErr  error
)

// Server is the API served in-process. URL is its base URL, and the
// GraphQL endpoint is URL + "/graphql".
type Server struct {
	*httptest.Server
	// Store is the server's store on the test database, for arranging data
	// that the API cannot create.
	Store *db.Store
	logs  *syncBuffer
}

// Options selects the optional parts of the server that StartWith mounts.
// The zero value serves the API without them, like Start.
type Options struct {
	// Playground mounts playground.Handler at "/", as the real server does,
	// so that a browser can load the GraphiQL page from URL + "/".
	Playground bool
}

// Start serves the API on 127.0.0.1 until the test ends. It is StartWith
// with the zero Options.
func Start(t testing.TB) *Server {
	t.Helper()
	return StartWith(t, Options{})
}

// StartWith serves the API on 127.0.0.1, with the parts that opts selects,
// until the test ends. It migrates the test binary's database on first use.
// The test is skipped, or failed under CI=true, when Postgres or Redis is
// unreachable. When the test fails, the end of the server's log is printed
// with it.
func StartWith(t testing.TB, opts Options) *Server {
	t.Helper()
	ctx := context.Background()

	pool, err := db.Open(ctx, testenv.DatabaseURL(t), nil)
	if err != nil {
		t.Fatalf("open test database: %v", err)
	}
	t.Cleanup(pool.Close)
	migrateOnce.Do(func() { migrateErr = db.Migrate(ctx, pool) })
	if migrateErr != nil {
		t.Fatalf("migrate test database: %v", migrateErr)
	}
	redisClient := testenv.Redis(t)

	logs := &syncBuffer{}
	logger, err := logging.New(logs, "json", "debug")
	if err != nil {
		t.Fatalf("create logger: %v", err)
	}
	store := db.NewStore(pool)
	service := &engagement.Service{
		Store:  store,
		Locker: idempotency.NewLocker(redisClient, idempotency.Config{}, logger),
		Logger: logger,
		Now:    time.Now,
	}
	cfg := httpapi.Config{
		Store:          store,
		Service:        service,
		Authenticator:  store,
		Logger:         logger,
		AllowedOrigins: []string{AllowedOrigin},
	}
	if opts.Playground {
		cfg.Playground = playground.Handler()
	}
	handler := httpapi.New(cfg)

	// httptest listens on 127.0.0.1 unless the -httptest.serve flag names
	// another address.
	srv := httptest.NewServer(handler)
	s := &Server{Server: srv, Store: store, logs: logs}
	t.Cleanup(func() {
		srv.Close()
		if t.Failed() {
			t.Logf("server log (last %d KiB):\n%s", maxLogBytes>>10, logs.tail(maxLogBytes))
		}
	})
	return s
}

// GraphQLURL returns the URL of the GraphQL endpoint.
func (s *Server) GraphQLURL() string { return s.URL + "/graphql" }

// Logs returns what the server has logged so far, as JSON lines.
func (s *Server) Logs() string { return s.logs.String() }

// syncBuffer is a bytes.Buffer that the server's goroutines can log to
// while a test reads it.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// tail returns the last n bytes, starting at a line.
func (b *syncBuffer) tail(n int) string {
	s := b.String()
	if len(s) <= n {
		return s
	}
	s = s[len(s)-n:]
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[i+1:]
	}
	return s
}
