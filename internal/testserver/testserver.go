// Package testserver starts the whole API in-process for end-to-end tests:
// the handler of httpapi.New on a migrated test database and the shared
// test Redis, served by an httptest.Server on 127.0.0.1.
//
// A test binary that uses it must run its tests through testenv.Main, so
// that the binary's database is dropped when the tests end.
package testserver

import (
	"bytes"
	"context"
	"fmt"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/google/uuid"

	"engagements/auth"
	"engagements/db"
	"engagements/engagement"
	"engagements/httpapi"
	"engagements/idempotency"
	"engagements/internal/testenv"
	"engagements/logging"
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

// Start serves the API on 127.0.0.1 until the test ends. It migrates the
// test binary's database on first use. The test is skipped, or failed
// under CI=true, when Postgres or Redis is unreachable. When the test
// fails, the end of the server's log is printed with it.
func Start(t testing.TB) *Server {
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
	handler := httpapi.New(httpapi.Config{
		Store:          store,
		Service:        service,
		Authenticator:  store,
		Logger:         logger,
		AllowedOrigins: []string{AllowedOrigin},
	})

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

// Token creates a workspace with a unique slug, a user in it and a bearer
// token of that user with scopes, and returns the token. Each call gets a
// workspace of its own, so tests do not see each other's data.
func (s *Server) Token(t testing.TB, scopes ...auth.Scope) string {
	t.Helper()
	ctx := context.Background()
	id := strings.ReplaceAll(uuid.NewString(), "-", "")[:16]

	w, err := s.Store.CreateWorkspace(ctx, "e2e-"+id, "E2E "+id, false)
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	userID, err := s.Store.EnsureUser(ctx, w.ID, fmt.Sprintf("e2e-%s@ourteam.example", id))
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	if _, err := s.Store.CreateToken(ctx, w.ID, userID, hash, scopes); err != nil {
		t.Fatalf("store token: %v", err)
	}
	return token
}

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
