package httpapi_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"engagements/auth"
	"engagements/db"
	"engagements/engagement"
	"engagements/httpapi"
	"engagements/idempotency"
	"engagements/internal/testenv"
	"engagements/logging"
	"engagements/media/fetch"
	"engagements/media/ingest"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

var migrateOnce sync.Once

// queryCounter is a pgx tracer that counts the statements sent to Postgres
// and keeps their text.
type queryCounter struct {
	n    atomic.Int64
	mu   sync.Mutex
	sqls []string
}

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, data pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	c.mu.Lock()
	c.sqls = append(c.sqls, data.SQL)
	c.mu.Unlock()
	return ctx
}

// statements returns the SQL sent since the last call and clears the list.
func (c *queryCounter) statements() []string {
	c.mu.Lock()
	defer c.mu.Unlock()
	out := c.sqls
	c.sqls = nil
	return out
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// apiServer is the whole API in-process on the test database and Redis.
type apiServer struct {
	*httptest.Server
	store   *db.Store
	pool    *pgxpool.Pool
	queries *queryCounter
	logs    *syncBuffer
	media   *ingest.Pipeline
	queue   string // the River queue of the media pipeline
}

type serverOptions struct {
	redisURL string // empty: the shared test Redis
	lockWait time.Duration
	// brokenStore makes every store call after authentication fail, as
	// when the database goes away mid-request.
	brokenStore bool
	// media, when set, wires the media pipeline with this fetch
	// configuration and a River queue of the test's own.
	media *mediaOptions
	// configure, when set, adjusts the handler's configuration last.
	configure func(*httpapi.Config)
}

type mediaOptions struct {
	dir         string // empty: a temporary directory of the test's own
	fetch       fetch.Config
	maxBytes    int64
	idleTimeout time.Duration // zero: ingest.DefaultIdleTimeout
	workers     int           // zero: ingest.DefaultWorkers
	startQueue  bool
}

func newServer(t testing.TB) *apiServer {
	t.Helper()
	return newServerWith(t, serverOptions{})
}

func newServerWith(t testing.TB, opts serverOptions) *apiServer {
	t.Helper()
	url := testenv.DatabaseURL(t)
	queries := &queryCounter{}
	pool, err := db.Open(context.Background(), url, func(c *pgxpool.Config) {
		c.ConnConfig.Tracer = queries
		c.MaxConns = 20
	})
	if err != nil {
		t.Fatalf("open database: %v", err)
	}
	t.Cleanup(pool.Close)
	migrateOnce.Do(func() {
		if err := db.Migrate(context.Background(), pool); err != nil {
			t.Fatalf("migrate: %v", err)
		}
	})

	var redisClient *redis.Client
	if opts.redisURL == "" {
		redisClient = testenv.Redis(t)
	} else {
		o, _ := redis.ParseURL(opts.redisURL)
		o.ContextTimeoutEnabled = true
		redisClient = redis.NewClient(o)
		t.Cleanup(func() { redisClient.Close() })
	}

	logs := &syncBuffer{}
	logger, err := logging.New(logs, "json", "debug")
	if err != nil {
		t.Fatal(err)
	}
	store := db.NewStore(pool)
	service := &engagement.Service{
		Store:  store,
		Locker: idempotency.NewLocker(redisClient, idempotency.Config{Wait: opts.lockWait}, logger),
		Logger: logger,
		Now:    time.Now,
	}
	var resolverStore engagement.Store = store
	if opts.brokenStore {
		closed, err := pgxpool.New(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		closed.Close()
		resolverStore = db.NewStore(closed)
		service.Store = resolverStore
	}
	cfg := httpapi.Config{
		Store: resolverStore, Service: service, Authenticator: store, Logger: logger,
		AllowedOrigins: []string{"https://app.example.com"},
	}
	var pipeline *ingest.Pipeline
	queue := "q_" + strings.ReplaceAll(uuid.NewString(), "-", "")
	if opts.media != nil {
		pipeline = newPipeline(t, pool, store, logger, *opts.media, queue)
		service.Media = pipeline.Checker
		cfg.MediaSigner = pipeline.Signer
		cfg.MediaHandler = pipeline.Handler
	}
	if opts.configure != nil {
		opts.configure(&cfg)
	}
	handler := httpapi.New(cfg)
	srv := httptest.NewServer(handler)
	t.Cleanup(srv.Close)
	return &apiServer{Server: srv, store: store, pool: pool, queries: queries, logs: logs, media: pipeline, queue: queue}
}

// newPipeline builds the media pipeline on queue, starting its worker when
// opts.startQueue is set.
func newPipeline(t testing.TB, pool *pgxpool.Pool, store *db.Store, logger *slog.Logger, opts mediaOptions, queue string) *ingest.Pipeline {
	t.Helper()
	if opts.dir == "" {
		opts.dir = t.TempDir()
	}
	pipeline, err := ingest.NewPipeline(ingest.Config{
		Dir:         opts.dir,
		MaxBytes:    opts.maxBytes,
		SigningKey:  bytes.Repeat([]byte("k"), 32),
		URLTTL:      15 * time.Minute,
		Fetch:       opts.fetch,
		Workers:     opts.workers,
		IdleTimeout: opts.idleTimeout,
		Queue:       queue,
	}, pool, store, logger)
	if err != nil {
		t.Fatalf("media pipeline: %v", err)
	}
	if opts.startQueue {
		if err := pipeline.Queue.Start(context.Background()); err != nil {
			t.Fatalf("start queue: %v", err)
		}
		t.Cleanup(func() {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			_ = pipeline.Queue.Stop(ctx)
		})
	}
	return pipeline
}

// workspace creates a workspace with a unique slug.
func (s *apiServer) workspace(t testing.TB, privateByDefault bool) *engagement.Workspace {
	t.Helper()
	slug := "ws-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:16]
	w, err := s.store.CreateWorkspace(context.Background(), slug, "Test "+slug, privateByDefault)
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	return w
}

// token creates a token for email in w with scopes.
func (s *apiServer) token(t testing.TB, w *engagement.Workspace, email string, scopes ...auth.Scope) string {
	t.Helper()
	ctx := context.Background()
	userID, err := s.store.EnsureUser(ctx, w.ID, email)
	if err != nil {
		t.Fatalf("ensure user: %v", err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := s.store.CreateToken(ctx, w.ID, userID, hash, scopes); err != nil {
		t.Fatalf("create token: %v", err)
	}
	return token
}

var allScopes = []auth.Scope{auth.ScopeRead, auth.ScopeWrite}

// gqlResponse is a decoded GraphQL response.
type gqlResponse struct {
	Status int
	Header http.Header
	Data   map[string]any
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	}
	Raw string
}

func (r gqlResponse) errorCodes() []string {
	var codes []string
	for _, e := range r.Errors {
		code, _ := e.Extensions["code"].(string)
		codes = append(codes, code)
	}
	return codes
}

// do posts a GraphQL request with token and decodes the response.
func (s *apiServer) do(t testing.TB, token, query string, vars map[string]any) gqlResponse {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	return s.post(t, token, "application/json", body)
}

func (s *apiServer) post(t testing.TB, token, contentType string, body []byte) gqlResponse {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", contentType)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)

	out := gqlResponse{Status: resp.StatusCode, Header: resp.Header, Raw: string(raw)}
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("response is not JSON (status %d): %s", resp.StatusCode, raw)
	}
	return out
}

// path walks the decoded data by keys and list indexes.
func path(v any, keys ...any) any {
	for _, k := range keys {
		switch k := k.(type) {
		case string:
			m, _ := v.(map[string]any)
			v = m[k]
		case int:
			l, _ := v.([]any)
			if k >= len(l) {
				return nil
			}
			v = l[k]
		}
	}
	return v
}

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

// engagementRows counts the rows of the engagements table in workspace w.
func (s *apiServer) engagementRows(t testing.TB, w *engagement.Workspace) int {
	t.Helper()
	var n int
	if err := s.pool.QueryRow(context.Background(), `SELECT count(*) FROM engagements WHERE workspace_id = $1`, w.ID).Scan(&n); err != nil {
		t.Fatal(err)
	}
	return n
}

const createMutation = `mutation Create($input: CreateEngagementInput!) {
  createEngagement(input: $input) {
    created
    userErrors { field message code }
    engagement { id externalId title isPrivate sourceSystem externalUrl automationsEnabled transcript
      owner { email } companies { name domain } contacts { name email phone company { name domain } } }
  }
}`

// transcriptInput returns a valid transcript-only create input.
func transcriptInput(externalID string) map[string]any {
	in := map[string]any{
		"type": "CALL",
		"transcriptTimeline": map[string]any{
			"speakers": []any{map[string]any{"name": "Ann"}, map[string]any{"name": "Bob", "email": "bob@acme.example"}},
			"entries": []any{
				map[string]any{"speakerIndex": 0, "startMs": 0, "endMs": 2000, "sentences": []any{
					map[string]any{"text": "Hello Bob.", "startMs": 0, "endMs": 900},
					map[string]any{"text": "Thanks for joining.", "startMs": 1000, "endMs": 2000},
				}},
				map[string]any{"speakerIndex": 1, "startMs": 2500, "endMs": 4000, "sentences": []any{
					map[string]any{"text": "Happy to be here.", "startMs": 2500, "endMs": 4000},
				}},
			},
		},
	}
	if externalID != "" {
		in["externalId"] = externalID
	}
	return in
}

// create runs createEngagement and returns its payload.
func (s *apiServer) create(t testing.TB, token string, input map[string]any) map[string]any {
	t.Helper()
	resp := s.do(t, token, createMutation, map[string]any{"input": input})
	if len(resp.Errors) > 0 {
		t.Fatalf("createEngagement errors: %s", resp.Raw)
	}
	payload, _ := path(resp.Data, "createEngagement").(map[string]any)
	return payload
}

// mustCreate creates an engagement and returns its ID.
func (s *apiServer) mustCreate(t testing.TB, token string, input map[string]any) string {
	t.Helper()
	payload := s.create(t, token, input)
	id, _ := path(payload, "engagement", "id").(string)
	if id == "" {
		t.Fatalf("create returned no engagement: %v", payload)
	}
	return id
}

func contains(s, sub string) bool { return strings.Contains(s, sub) }

func quote(s string) string {
	b, _ := json.Marshal(s)
	return string(b)
}

func ioCopy(w io.Writer, resp *http.Response) (int64, error) { return io.Copy(w, resp.Body) }

func slogDiscard() *slog.Logger { return slog.New(slog.NewTextHandler(io.Discard, nil)) }

func redisClient(t testing.TB, url string) *redis.Client {
	t.Helper()
	o, err := redis.ParseURL(url)
	if err != nil {
		t.Fatal(err)
	}
	o.ContextTimeoutEnabled = true
	client := redis.NewClient(o)
	t.Cleanup(func() { client.Close() })
	return client
}
