// Command baseline is the measuring stick for the GraphQL server: a plain
// net/http server on pgx and encoding/json, without GraphQL, that serves
// the two reads of bench/list100.lua and bench/one.lua with the same
// queries and the same JSON content. bench/run.sh loads both with wrk.
//
//	GET /list          the page of 100 engagements with every expansion
//	GET /one?id=ID     one engagement's id, title and transcript
//
// Both need "Authorization: Bearer <token>", looked up like the real
// server does. DATABASE_URL is required; ADDR defaults to 127.0.0.1:8090.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"os"
	"os/signal"
	"syscall"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"engagements/auth"
	"engagements/globalid"
)

const defaultAddr = "127.0.0.1:8090"

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()

	if err := run(ctx, os.Getenv, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "baseline:", err)
		os.Exit(1)
	}
}

// run serves until ctx ends. The pool keeps pgxpool's default size, as the
// GraphQL server does, so both get the same number of connections.
func run(ctx context.Context, getenv func(string) string, logOutput io.Writer) error {
	logger := slog.New(slog.NewTextHandler(logOutput, nil))
	databaseURL := getenv("DATABASE_URL")
	if databaseURL == "" {
		return errors.New("DATABASE_URL is missing: set it to the database the GraphQL server reads, " +
			"such as postgres://postgres@127.0.0.1:5432/engagements_bench?sslmode=disable")
	}
	addr := getenv("ADDR")
	if addr == "" {
		addr = defaultAddr
	}

	pool, err := pgxpool.New(ctx, databaseURL)
	if err != nil {
		return fmt.Errorf("open DATABASE_URL: %w", err)
	}
	defer pool.Close()
	if err := pool.Ping(ctx); err != nil {
		return fmt.Errorf("connect to DATABASE_URL: %w", err)
	}

	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return fmt.Errorf("listen on ADDR %s: %w", addr, err)
	}
	server := &http.Server{Handler: newHandler(pool, logger), ReadHeaderTimeout: 10 * time.Second}
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	logger.Info("baseline started", "addr", listener.Addr().String())

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}
	shutdownCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	logger.Info("baseline stopped")
	return nil
}

// server holds what the handlers share. Every request takes its own
// connections from the pool.
type server struct {
	pool   *pgxpool.Pool
	logger *slog.Logger
}

// newHandler returns the routes of the baseline.
func newHandler(pool *pgxpool.Pool, logger *slog.Logger) http.Handler {
	s := &server{pool: pool, logger: logger}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /list", s.list)
	mux.HandleFunc("GET /one", s.one)
	return mux
}

var errUnauthenticated = errors.New("unauthenticated")

// viewer is the caller behind a token, as the visibility condition needs it.
type viewer struct {
	workspaceID    uuid.UUID
	userID         uuid.UUID
	email          string
	seesAllPrivate bool
}

// args returns the first four arguments of visibleEngagement, in its order.
func (v viewer) args() []any {
	return []any{v.workspaceID, v.userID, v.email, v.seesAllPrivate}
}

// visibleEngagement is the condition of the real store (db/visibility.go):
// the viewer's workspace, and a private engagement only for its owner, its
// participants and tokens with engagements:private:read.
const visibleEngagement = `e.workspace_id = $1 AND (
	NOT e.is_private
	OR $4::boolean
	OR e.owner_id = $2
	OR EXISTS (SELECT 1 FROM engagement_people p WHERE p.engagement_id = e.id AND p.email = $3)
)`

// tokenQuery is the real server's token lookup, joins included, so both
// servers spend the same round trip on authentication.
const tokenQuery = `
	SELECT t.id, t.workspace_id, t.user_id, u.email, t.scopes, w.private_by_default
	FROM api_tokens t
	JOIN users u ON u.id = t.user_id
	JOIN workspaces w ON w.id = t.workspace_id
	WHERE t.token_hash = $1 AND t.revoked_at IS NULL`

// authenticate returns the viewer of the request's bearer token, or
// errUnauthenticated.
func (s *server) authenticate(r *http.Request) (viewer, error) {
	token, err := auth.ParseBearer(r.Header.Get("Authorization"))
	if err != nil {
		return viewer{}, errUnauthenticated
	}

	var (
		v                viewer
		tokenID          uuid.UUID
		scopes           []string
		privateByDefault bool
	)
	err = s.pool.QueryRow(r.Context(), tokenQuery, auth.HashToken(token)).
		Scan(&tokenID, &v.workspaceID, &v.userID, &v.email, &scopes, &privateByDefault)
	if errors.Is(err, pgx.ErrNoRows) {
		return viewer{}, errUnauthenticated
	}
	if err != nil {
		return viewer{}, fmt.Errorf("select token: %w", err)
	}
	for _, scope := range scopes {
		if auth.Scope(scope) == auth.ScopePrivateRead {
			v.seesAllPrivate = true
		}
	}
	return v, nil
}

// oneResponse is the body of /one.
type oneResponse struct {
	Data struct {
		Engagement *oneEngagement `json:"engagement"`
	} `json:"data"`
}

type oneEngagement struct {
	ID         string  `json:"id"`
	Title      *string `json:"title"`
	Transcript *string `json:"transcript"`
}

// one serves /one. Like the GraphQL field, it returns a null engagement for
// a malformed ID, an unknown one and one the caller may not see.
func (s *server) one(w http.ResponseWriter, r *http.Request) {
	v, err := s.authenticate(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}

	var out oneResponse
	if id, err := globalid.DecodeAs(globalid.Engagement, r.URL.Query().Get("id")); err == nil {
		out.Data.Engagement, err = s.selectOne(r.Context(), v, id)
		if err != nil {
			s.fail(w, r, err)
			return
		}
	}
	writeJSON(w, http.StatusOK, out)
}

// selectOne reads engagement id when v may see it and returns nil otherwise.
func (s *server) selectOne(ctx context.Context, v viewer, id uuid.UUID) (*oneEngagement, error) {
	query := `SELECT e.title, e.transcript, e.timeline FROM engagements e
		WHERE ` + visibleEngagement + ` AND e.id = $5`
	var (
		out      = oneEngagement{ID: globalid.Encode(globalid.Engagement, id)}
		plain    *string
		timeline []byte
	)
	err := s.pool.QueryRow(ctx, query, append(v.args(), id)...).Scan(&out.Title, &plain, &timeline)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("select engagement %s: %w", id, err)
	}

	stored, err := decodeTimeline(id, timeline)
	if err != nil {
		return nil, err
	}
	_, out.Transcript = toTimeline(stored, plain)
	return &out, nil
}

// fail writes a 401 for errUnauthenticated and a 500 for anything else,
// whose cause goes to the log only.
func (s *server) fail(w http.ResponseWriter, r *http.Request, err error) {
	if errors.Is(err, errUnauthenticated) {
		writeError(w, http.StatusUnauthorized, "UNAUTHENTICATED",
			"missing or invalid bearer token: send Authorization: Bearer <token> with a token from `token create`")
		return
	}
	s.logger.ErrorContext(r.Context(), "serve read", "path", r.URL.Path, "err", err)
	writeError(w, http.StatusInternalServerError, "INTERNAL", "internal error")
}

func writeError(w http.ResponseWriter, status int, code, message string) {
	writeJSON(w, status, map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}

func writeJSON(w http.ResponseWriter, status int, body any) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// A failed write means that the client went away, so there is no one to tell.
	_ = enc.Encode(body)
}
