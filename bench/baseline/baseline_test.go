package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"engagements/auth"
	"engagements/db"
	"engagements/engagement"
	"engagements/globalid"
	"engagements/httpapi"
	"engagements/internal/testenv"
	"engagements/seed"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// seededCount leaves more than a page after the hand-written rows, so
// hasNextPage is true.
const seededCount = 150

// queryCounter is a pgx tracer that counts the statements sent.
type queryCounter struct{ n atomic.Int64 }

func (c *queryCounter) TraceQueryStart(ctx context.Context, _ *pgx.Conn, _ pgx.TraceQueryStartData) context.Context {
	c.n.Add(1)
	return ctx
}

func (c *queryCounter) TraceQueryEnd(context.Context, *pgx.Conn, pgx.TraceQueryEndData) {}

// fixture is one seeded workspace served by the GraphQL API and by the
// baseline, each on a pool of its own that counts its queries.
type fixture struct {
	graphql, baseline               *httptest.Server
	graphqlQueries, baselineQueries *queryCounter
	store                           *db.Store
	rows                            edgeRows
	reader, privateReader           string // tokens
}

var (
	migrateOnce sync.Once
	migrateErr  error
)

func newFixture(t testing.TB) *fixture {
	t.Helper()
	ctx := context.Background()
	setup := testenv.Pool(t)
	migrateOnce.Do(func() { migrateErr = db.Migrate(ctx, setup) })
	if migrateErr != nil {
		t.Fatalf("migrate: %v", migrateErr)
	}

	f := &fixture{graphqlQueries: &queryCounter{}, baselineQueries: &queryCounter{}}
	graphqlPool := countingPool(t, f.graphqlQueries)
	baselinePool := countingPool(t, f.baselineQueries)
	f.store = db.NewStore(setup)

	w := f.workspace(t)
	if _, err := seed.Run(ctx, setup, w.ID, seededCount); err != nil {
		t.Fatalf("seed: %v", err)
	}
	f.reader = f.token(t, w, "reader@ourteam.example", auth.ScopeRead)
	f.privateReader = f.token(t, w, "boss@ourteam.example", auth.ScopeRead, auth.ScopePrivateRead)
	f.rows = insertEdgeRows(t, setup, f.store, w, f.workspace(t))

	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	graphqlStore := db.NewStore(graphqlPool)
	f.graphql = httptest.NewServer(httpapi.New(httpapi.Config{
		Store: graphqlStore, Authenticator: graphqlStore, Logger: logger,
	}))
	t.Cleanup(f.graphql.Close)
	f.baseline = httptest.NewServer(newHandler(baselinePool, logger))
	t.Cleanup(f.baseline.Close)
	return f
}

func countingPool(t testing.TB, counter *queryCounter) *pgxpool.Pool {
	t.Helper()
	cfg, err := pgxpool.ParseConfig(testenv.DatabaseURL(t))
	if err != nil {
		t.Fatalf("parse database URL: %v", err)
	}
	cfg.ConnConfig.Tracer = counter
	pool, err := pgxpool.NewWithConfig(context.Background(), cfg)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func (f *fixture) workspace(t testing.TB) *engagement.Workspace {
	t.Helper()
	slug := "bench-" + strings.ReplaceAll(uuid.NewString(), "-", "")[:12]
	w, err := f.store.CreateWorkspace(context.Background(), slug, "Bench "+slug, false)
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	return w
}

func (f *fixture) token(t testing.TB, w *engagement.Workspace, email string, scopes ...auth.Scope) string {
	t.Helper()
	ctx := context.Background()
	userID, err := f.store.EnsureUser(ctx, w.ID, email)
	if err != nil {
		t.Fatalf("ensure user %s: %v", email, err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.store.CreateToken(ctx, w.ID, userID, hash, scopes); err != nil {
		t.Fatalf("create token: %v", err)
	}
	return token
}

// edgeRows are engagements that the seed never writes, each newer than
// every seeded one so that it lands on the first page.
type edgeRows struct {
	fallbacks, plain, empty, owned, invited, hidden, elsewhere uuid.UUID
}

// insertEdgeRows writes into w the cases that the seed never makes.
// Speakers fall back to their email or "Speaker N", and one entry's speaker
// index is out of range. A contact has no company and optional fields are
// null. One row has a plain transcript beside its timeline, one has no
// timeline, and private rows are visible through ownership, participation
// or the private scope. other gets the newest row of all, which no read in
// w may return.
func insertEdgeRows(t testing.TB, pool *pgxpool.Pool, store *db.Store, w, other *engagement.Workspace) edgeRows {
	t.Helper()
	ctx := context.Background()
	r := edgeRows{
		fallbacks: uuid.New(), plain: uuid.New(), empty: uuid.New(), owned: uuid.New(),
		invited: uuid.New(), hidden: uuid.New(), elsewhere: uuid.New(),
	}
	readerID, err := store.EnsureUser(ctx, w.ID, "reader@ourteam.example")
	if err != nil {
		t.Fatal(err)
	}
	now := time.Now().UTC()
	at := func(hours int) time.Time { return now.Add(time.Duration(hours) * time.Hour) }
	timeline := `{"speakers":[{"email":"mia@acme.example"},{"name":""},{"name":"Zoe","email":"zoe@acme.example"}],
		"entries":[
			{"speakerIndex":0,"startMs":0,"endMs":900,"sentences":[{"text":"Hi.","startMs":0,"endMs":400},{"text":"Ready?","startMs":500,"endMs":900}]},
			{"speakerIndex":1,"startMs":1000,"endMs":1500,"sentences":[]},
			{"speakerIndex":5,"startMs":1600,"endMs":2000,"sentences":[{"text":"Lost speaker.","startMs":1600,"endMs":2000}]},
			{"speakerIndex":2,"startMs":2100,"endMs":2500}
		]}`
	simple := `{"speakers":[{"name":"Ann"}],"entries":[{"speakerIndex":0,"startMs":0,"endMs":10,"sentences":[{"text":"Hello.","startMs":0,"endMs":10}]}]}`
	started := now.Add(-90*time.Minute + 123456*time.Microsecond)

	statements := []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO engagements (id, workspace_id, type, created_at, automations_enabled, is_private, timeline)
			VALUES ($1, $2, 'MEETING', $3, false, false, $4)`, []any{r.fallbacks, w.ID, at(1), timeline}},
		{`INSERT INTO engagements (id, workspace_id, type, title, started_at, created_at, source_system,
			external_id, external_url, automations_enabled, is_private, owner_id, transcript, timeline)
			VALUES ($1, $2, 'CALL', 'Plain wins', $3, $4, 'crm', 'edge-plain', 'https://crm.example/x?a=1&b=<2>',
			true, false, $5, 'Plain text wins over the timeline.', $6)`,
			[]any{r.plain, w.ID, started, at(2), readerID, simple}},
		{`INSERT INTO engagements (id, workspace_id, type, created_at, automations_enabled, is_private)
			VALUES ($1, $2, 'EMAIL', $3, false, false)`, []any{r.empty, w.ID, at(3)}},
		{`INSERT INTO engagements (id, workspace_id, type, created_at, automations_enabled, is_private, owner_id, timeline)
			VALUES ($1, $2, 'CALL', $3, true, true, $4, $5)`, []any{r.owned, w.ID, at(4), readerID, simple}},
		{`INSERT INTO engagements (id, workspace_id, type, created_at, automations_enabled, is_private, timeline)
			VALUES ($1, $2, 'CALL', $3, true, true, $4)`, []any{r.invited, w.ID, at(5), simple}},
		{`INSERT INTO engagement_people (engagement_id, email) VALUES ($1, 'reader@ourteam.example')`, []any{r.invited}},
		{`INSERT INTO engagements (id, workspace_id, type, title, created_at, automations_enabled, is_private, timeline)
			VALUES ($1, $2, 'CHAT', 'Hidden', $3, true, true, $4)`, []any{r.hidden, w.ID, at(6), simple}},
		{`INSERT INTO engagements (id, workspace_id, type, title, created_at, automations_enabled, is_private, timeline)
			VALUES ($1, $2, 'CALL', 'Elsewhere', $3, true, false, $4)`, []any{r.elsewhere, other.ID, at(7), simple}},
	}
	contactID := uuid.New()
	statements = append(statements, []struct {
		sql  string
		args []any
	}{
		{`INSERT INTO contacts (id, workspace_id, name) VALUES ($1, $2, 'No Company')`, []any{contactID, w.ID}},
		{`INSERT INTO engagement_contacts (engagement_id, contact_id, position) VALUES ($1, $2, 1)`,
			[]any{r.fallbacks, contactID}},
		{`INSERT INTO action_items (id, workspace_id, engagement_id, position, text, due_at)
			VALUES ($1, $2, $3, 1, 'Send the deck', $4)`, []any{uuid.New(), w.ID, r.fallbacks, started}},
		{`INSERT INTO action_items (id, workspace_id, engagement_id, position, text, completed, start_ms)
			VALUES ($1, $2, $3, 2, 'Book a demo', true, 1200)`, []any{uuid.New(), w.ID, r.fallbacks}},
		{`INSERT INTO signals (id, workspace_id, engagement_id, position, kind, name)
			VALUES ($1, $2, $3, 1, 'topic', 'pricing')`, []any{uuid.New(), w.ID, r.fallbacks}},
		{`INSERT INTO signals (id, workspace_id, engagement_id, position, kind, name, text, start_ms, speaker_index, confidence)
			VALUES ($1, $2, $3, 2, 'competitor', 'Rival', 'We use Rival', 1600, 0, 0.125)`, []any{uuid.New(), w.ID, r.fallbacks}},
	}...)
	for _, s := range statements {
		if _, err := pool.Exec(ctx, s.sql, s.args...); err != nil {
			t.Fatalf("insert edge row: %v\n%s", err, s.sql)
		}
	}
	return r
}

// luaListQuery returns the GraphQL query of bench/list100.lua, joined from the
// string literals of its `local query =` statement, so the test follows
// edits to the script.
func luaListQuery(t testing.TB) string {
	t.Helper()
	script := readScript(t, "../list100.lua")
	start := strings.Index(script, "local query =")
	end := strings.Index(script, "\nwrk.method")
	if start < 0 || end < start {
		t.Fatal("list100.lua has no `local query =` statement before wrk.method")
	}
	var b strings.Builder
	for _, m := range regexp.MustCompile(`"([^"]*)"`).FindAllStringSubmatch(script[start:end], -1) {
		b.WriteString(m[1])
	}
	return b.String()
}

// luaOneQuery returns the query inside the request body of bench/one.lua.
func luaOneQuery(t testing.TB) string {
	t.Helper()
	m := regexp.MustCompile(`"query":"([^"]*)"`).FindStringSubmatch(readScript(t, "../one.lua"))
	if m == nil {
		t.Fatal(`one.lua has no "query":"..." in its body`)
	}
	return m[1]
}

func readScript(t testing.TB, name string) string {
	t.Helper()
	raw, err := os.ReadFile(name)
	if err != nil {
		t.Fatalf("read wrk script: %v", err)
	}
	return string(raw)
}

// postGraphQL posts query to the GraphQL server and returns the decoded
// body without its extensions, which carry timings and costs only.
func (f *fixture) postGraphQL(t testing.TB, token, query string, vars map[string]any) map[string]any {
	t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, f.graphql.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	out := decodeResponse(t, req, http.StatusOK)
	delete(out, "extensions")
	if out["errors"] != nil {
		t.Fatalf("GraphQL errors: %v", out["errors"])
	}
	return out
}

// getBaseline sends GET path to the baseline and decodes the body.
func (f *fixture) getBaseline(t testing.TB, token, path string, wantStatus int) map[string]any {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, f.baseline.URL+path, nil)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	return decodeResponse(t, req, wantStatus)
}

func decodeResponse(t testing.TB, req *http.Request, wantStatus int) map[string]any {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL.Path, err)
	}
	defer resp.Body.Close()
	raw, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != wantStatus {
		t.Fatalf("%s %s: status %d, want %d: %.300s", req.Method, req.URL.Path, resp.StatusCode, wantStatus, raw)
	}
	var out map[string]any
	if err := json.Unmarshal(raw, &out); err != nil {
		t.Fatalf("%s %s: body is not JSON: %v: %.300s", req.Method, req.URL.Path, err, raw)
	}
	return out
}

// firstDiff returns the path of the first difference between two decoded
// JSON values and both sides there, or "" when they are equal.
func firstDiff(path string, got, want any) string {
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			return fmt.Sprintf("%s: got %v, want an object", path, got)
		}
		keys := make([]string, 0, len(w)+len(g))
		for k := range w {
			keys = append(keys, k)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				keys = append(keys, k)
			}
		}
		sort.Strings(keys)
		for _, k := range keys {
			gv, gok := g[k]
			wv, wok := w[k]
			if gok != wok {
				return fmt.Sprintf("%s.%s: present in got %t, in want %t", path, k, gok, wok)
			}
			if d := firstDiff(path+"."+k, gv, wv); d != "" {
				return d
			}
		}
		return ""
	case []any:
		g, ok := got.([]any)
		if !ok {
			return fmt.Sprintf("%s: got %v, want a list", path, got)
		}
		if len(g) != len(w) {
			return fmt.Sprintf("%s: got %d elements, want %d", path, len(g), len(w))
		}
		for i := range w {
			if d := firstDiff(fmt.Sprintf("%s[%d]", path, i), g[i], w[i]); d != "" {
				return d
			}
		}
		return ""
	}
	if !reflect.DeepEqual(got, want) {
		return fmt.Sprintf("%s: got %#v, want %#v", path, got, want)
	}
	return ""
}

func nodeIDs(t testing.TB, body map[string]any) []string {
	t.Helper()
	data, _ := body["data"].(map[string]any)
	page, _ := data["engagements"].(map[string]any)
	nodes, _ := page["nodes"].([]any)
	ids := make([]string, len(nodes))
	for i, n := range nodes {
		ids[i], _ = n.(map[string]any)["id"].(string)
	}
	return ids
}

func engagementID(id uuid.UUID) string { return globalid.Encode(globalid.Engagement, id) }

func TestListMatchesGraphQL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	query := luaListQuery(t)
	r := f.rows

	cases := map[string]struct {
		token     string
		wantFirst []uuid.UUID
	}{
		"reader":         {f.reader, []uuid.UUID{r.invited, r.owned, r.empty, r.plain, r.fallbacks}},
		"private reader": {f.privateReader, []uuid.UUID{r.hidden, r.invited, r.owned, r.empty, r.plain, r.fallbacks}},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want := f.postGraphQL(t, tc.token, query, nil)
			got := f.getBaseline(t, tc.token, "/list", http.StatusOK)
			if d := firstDiff("", got, want); d != "" {
				t.Fatalf("baseline /list differs from GraphQL: %s", d)
			}

			ids := nodeIDs(t, got)
			if len(ids) != pageSize {
				t.Fatalf("page has %d engagements, want %d", len(ids), pageSize)
			}
			for i, id := range tc.wantFirst {
				if ids[i] != engagementID(id) {
					t.Errorf("engagement %d is %s, want edge row %s", i, ids[i], engagementID(id))
				}
			}
			data := got["data"].(map[string]any)["engagements"].(map[string]any)
			if next := data["pageInfo"].(map[string]any)["hasNextPage"]; next != true {
				t.Errorf("hasNextPage = %v, want true with %d seeded engagements", next, seededCount)
			}
		})
	}
}

func TestOneMatchesGraphQL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	query := luaOneQuery(t)
	r := f.rows

	cases := map[string]struct {
		id       string
		wantNull bool
	}{
		"speaker fallbacks": {engagementID(r.fallbacks), false},
		"plain transcript":  {engagementID(r.plain), false},
		"no timeline":       {engagementID(r.empty), false},
		"owned private":     {engagementID(r.owned), false},
		"invited private":   {engagementID(r.invited), false},
		"hidden private":    {engagementID(r.hidden), true},
		"other workspace":   {engagementID(r.elsewhere), true},
		"unknown":           {engagementID(uuid.New()), true},
		"other type":        {globalid.Encode(globalid.Company, r.plain), true},
		"malformed":         {"not-an-id", true},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			want := f.postGraphQL(t, f.reader, query, map[string]any{"id": tc.id})
			got := f.getBaseline(t, f.reader, "/one?id="+tc.id, http.StatusOK)
			if d := firstDiff("", got, want); d != "" {
				t.Fatalf("baseline /one differs from GraphQL: %s", d)
			}
			isNull := got["data"].(map[string]any)["engagement"] == nil
			if isNull != tc.wantNull {
				t.Errorf("engagement is null: %t, want %t", isNull, tc.wantNull)
			}
		})
	}
}

func TestQueryCountsMatchGraphQL(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	id := engagementID(f.rows.plain)

	cases := map[string]struct {
		graphql   func(t *testing.T)
		baseline  func(t *testing.T)
		wantCount int64
	}{
		// Token, page, then companies, contacts, action items, signals
		// and owners.
		"list": {
			func(t *testing.T) { f.postGraphQL(t, f.reader, luaListQuery(t), nil) },
			func(t *testing.T) { f.getBaseline(t, f.reader, "/list", http.StatusOK) },
			7,
		},
		"one": {
			func(t *testing.T) { f.postGraphQL(t, f.reader, luaOneQuery(t), map[string]any{"id": id}) },
			func(t *testing.T) { f.getBaseline(t, f.reader, "/one?id="+id, http.StatusOK) },
			2,
		},
	}
	// Sequential: both cases read the same two counters.
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			before := f.graphqlQueries.n.Load()
			tc.graphql(t)
			graphqlCount := f.graphqlQueries.n.Load() - before

			before = f.baselineQueries.n.Load()
			tc.baseline(t)
			baselineCount := f.baselineQueries.n.Load() - before

			if graphqlCount != tc.wantCount {
				t.Errorf("GraphQL server sent %d queries, want %d", graphqlCount, tc.wantCount)
			}
			if baselineCount != graphqlCount {
				t.Errorf("baseline sent %d queries, GraphQL server %d", baselineCount, graphqlCount)
			}
		})
	}
}

func TestBaselineRejectsBadTokens(t *testing.T) {
	t.Parallel()
	f := newFixture(t)
	unknown, _, err := auth.NewToken()
	if err != nil {
		t.Fatal(err)
	}

	cases := map[string]string{
		"missing":   "",
		"malformed": "not-a-token",
		"unknown":   unknown,
	}
	for name, token := range cases {
		for _, path := range []string{"/list", "/one?id=" + engagementID(f.rows.plain)} {
			t.Run(name+" "+path, func(t *testing.T) {
				body := f.getBaseline(t, token, path, http.StatusUnauthorized)
				if body["data"] != nil {
					t.Errorf("401 body carries data: %v", body["data"])
				}
				if body["errors"] == nil {
					t.Error("401 body has no errors")
				}
			})
		}
	}
}

// BenchmarkBaselineList100 reads the 100-engagement page from the
// baseline over HTTP, the counterpart of httpapi's
// BenchmarkList100FullExpansion.
func BenchmarkBaselineList100(b *testing.B) {
	f := newFixture(b)
	b.ReportAllocs()
	for b.Loop() {
		f.getBaseline(b, f.reader, "/list", http.StatusOK)
	}
}
