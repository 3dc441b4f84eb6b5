package httpapi_test

import (
	"context"
	"fmt"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/google/uuid"

	"engagements/engagement"
	"engagements/httpapi"
	"engagements/internal/testenv"
	"engagements/observability"
	"engagements/ratelimit"
)

func withRateLimits(t *testing.T, redisURL string, limits httpapi.RateLimits) func(*httpapi.Config) {
	return func(cfg *httpapi.Config) {
		client := testenv.Redis(t)
		if redisURL != "" {
			client = redisClient(t, redisURL)
		}
		cfg.RateLimiter = ratelimit.NewLimiter(client, "test:"+uuid.NewString()+":", cfg.Logger)
		cfg.RateLimits = limits
	}
}

func TestRateLimitPerToken(t *testing.T) {
	t.Parallel()
	limits := httpapi.RateLimits{
		Requests: ratelimit.Rate{Limit: 5, Period: time.Minute},
		Writes:   ratelimit.Rate{Limit: 2, Period: time.Minute},
	}
	s := newServerWith(t, serverOptions{configure: withRateLimits(t, "", limits)})
	w := s.workspace(t, false)
	noisy := s.token(t, w, "noisy@ourteam.example", allScopes...)
	quiet := s.token(t, w, "quiet@ourteam.example", allScopes...)

	for i := range 5 {
		resp := s.do(t, noisy, `{ viewer { scopes } }`, nil)
		if resp.Status != http.StatusOK {
			t.Fatalf("request %d: status %d, want 200", i+1, resp.Status)
		}
		if got, want := resp.Header.Get("RateLimit-Remaining"), fmt.Sprint(4-i); got != want {
			t.Errorf("request %d: RateLimit-Remaining = %q, want %s", i+1, got, want)
		}
		if resp.Header.Get("RateLimit-Limit") != "5" || resp.Header.Get("RateLimit-Reset") == "" {
			t.Errorf("request %d: headers %v, want RateLimit-Limit 5 and a RateLimit-Reset", i+1, resp.Header)
		}
	}

	resp := s.do(t, noisy, `{ viewer { scopes } }`, nil)
	if resp.Status != http.StatusTooManyRequests {
		t.Fatalf("6th request: status %d, want 429", resp.Status)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("429 without Retry-After")
	}
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "RATE_LIMITED" {
		t.Errorf("error codes = %v, want [RATE_LIMITED]", codes)
	}

	if resp := s.do(t, quiet, `{ viewer { scopes } }`, nil); resp.Status != http.StatusOK {
		t.Errorf("another token: status %d, want 200", resp.Status)
	}

	// Writes have their own, stricter bucket.
	for i := range 2 {
		if p := s.create(t, quiet, transcriptInput(fmt.Sprintf("write-%d", i))); p["created"] != true {
			t.Fatalf("write %d: %v", i+1, p)
		}
	}
	resp = s.do(t, quiet, createMutation, map[string]any{"input": transcriptInput("write-2")})
	if resp.Status != http.StatusTooManyRequests {
		t.Errorf("3rd write: status %d, want 429; body %s", resp.Status, resp.Raw)
	}
	if rows := s.engagementRows(t, w); rows != 2 {
		t.Errorf("engagement rows = %d, want 2: a rejected write must not run", rows)
	}
}

func TestRateLimitOpenWhenRedisDown(t *testing.T) {
	t.Parallel()
	limits := httpapi.RateLimits{
		Requests: ratelimit.Rate{Limit: 1, Period: time.Minute},
		Writes:   ratelimit.Rate{Limit: 1, Period: time.Minute},
	}
	s := newServerWith(t, serverOptions{configure: withRateLimits(t, testenv.ClosedURL(t), limits)})
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
	for i := range 3 {
		if resp := s.do(t, token, `{ viewer { scopes } }`, nil); resp.Status != http.StatusOK {
			t.Fatalf("request %d with Redis down: status %d, want 200", i+1, resp.Status)
		}
	}
}

// panickingStore fails every list with a panic, as a bug in a resolver
// would.
type panickingStore struct{ engagement.Store }

func (panickingStore) Engagements(context.Context, engagement.Viewer, engagement.ListQuery) ([]*engagement.Engagement, error) {
	panic("boom in a resolver")
}

func TestResolverPanicKeepsServing(t *testing.T) {
	t.Parallel()
	s := newServerWith(t, serverOptions{configure: func(cfg *httpapi.Config) {
		cfg.Store = panickingStore{cfg.Store}
	}})
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)

	resp := s.do(t, token, `{ engagements { nodes { id } } }`, nil)
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "INTERNAL" {
		t.Errorf("error codes = %v, want [INTERNAL]; body %s", codes, resp.Raw)
	}
	if strings.Contains(resp.Raw, "boom") || strings.Contains(resp.Raw, "goroutine") {
		t.Errorf("response leaks the panic: %s", resp.Raw)
	}
	if !strings.Contains(s.logs.String(), "resolver panicked") || !strings.Contains(s.logs.String(), "goroutine") {
		t.Error("the panic was not logged with its stack")
	}
	if resp := s.do(t, token, `{ viewer { scopes } }`, nil); resp.Status != http.StatusOK || len(resp.Errors) > 0 {
		t.Errorf("after the panic: status %d, body %s; want the server still serving", resp.Status, resp.Raw)
	}
}

func TestBodyLimit(t *testing.T) {
	t.Parallel()
	s := newServerWith(t, serverOptions{configure: func(cfg *httpapi.Config) { cfg.MaxBodyBytes = 4096 }})
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)

	big := `{"query":"{ viewer { scopes } }","variables":{"pad":"` + strings.Repeat("x", 5000) + `"}}`
	resp := s.post(t, token, "application/json", []byte(big))
	if resp.Status != http.StatusRequestEntityTooLarge {
		t.Errorf("status = %d, want 413", resp.Status)
	}
	small := `{"query":"{ viewer { scopes } }"}`
	if resp := s.post(t, token, "application/json", []byte(small)); resp.Status != http.StatusOK {
		t.Errorf("small body: status %d, want 200", resp.Status)
	}
}

func TestIntrospectionSwitch(t *testing.T) {
	t.Parallel()
	on := newServer(t)
	off := newServerWith(t, serverOptions{configure: func(cfg *httpapi.Config) { cfg.DisableIntrospection = true }})
	for name, s := range map[string]*apiServer{"on": on, "off": off} {
		token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
		resp := s.do(t, token, `{ __schema { queryType { name } } }`, nil)
		gotSchema := path(resp.Data, "__schema", "queryType", "name") == "Query"
		if gotSchema != (name == "on") {
			t.Errorf("introspection %s: schema returned = %v; body %s", name, gotSchema, resp.Raw)
		}
		resp = s.do(t, token, `{ engagemnts { nodes { id } } }`, nil)
		suggests := strings.Contains(resp.Raw, "Did you mean")
		if suggests != (name == "on") {
			t.Errorf("introspection %s: suggestions = %v; body %s", name, suggests, resp.Raw)
		}
	}
}

func TestRequestIDEchoed(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	for name, c := range map[string]struct{ sent, want string }{
		"sane id kept":      {"abc-123", "abc-123"},
		"odd id replaced":   {"bad id <script>", ""},
		"missing generated": {"", ""},
	} {
		req, _ := http.NewRequest(http.MethodGet, s.URL+"/healthz", nil)
		if c.sent != "" {
			req.Header.Set("X-Request-Id", c.sent)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		got := resp.Header.Get("X-Request-Id")
		if c.want != "" && got != c.want {
			t.Errorf("%s: X-Request-Id = %q, want %q", name, got, c.want)
		}
		if c.want == "" && (got == "" || got == c.sent) {
			t.Errorf("%s: X-Request-Id = %q, want a generated one", name, got)
		}
	}
}

func TestQueryLimitsThroughAPI(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)

	resp := s.do(t, token, listFull, map[string]any{"first": 100})
	if len(resp.Errors) > 0 {
		t.Fatalf("full-expansion page of 100 rejected: %s", resp.Raw)
	}
	if !strings.Contains(resp.Raw, `"cost":{`) {
		t.Errorf("response has no extensions.cost: %s", resp.Raw)
	}

	var aliases strings.Builder
	for i := range 40 {
		fmt.Fprintf(&aliases, "a%d: viewer { scopes } ", i)
	}
	resp = s.do(t, token, "{ "+aliases.String()+"}", nil)
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "ALIAS_LIMIT_EXCEEDED" {
		t.Errorf("alias flood: codes %v, want [ALIAS_LIMIT_EXCEEDED]", codes)
	}
	if resp := s.do(t, token, `{ viewer { scopes } }`, nil); len(resp.Errors) > 0 {
		t.Errorf("normal query after the flood failed: %s", resp.Raw)
	}
}

func TestMetricsEndpoint(t *testing.T) {
	t.Parallel()
	s := newServerWith(t, serverOptions{configure: func(cfg *httpapi.Config) { cfg.Metrics = observability.NewMetrics() }})
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
	s.do(t, token, `query Viewer { viewer { scopes } }`, nil)
	s.do(t, token, `query Page { engagements { nodes { companies { id } } } }`, nil)

	body, status, _ := get(t, s.URL+"/metrics", "")
	if status != http.StatusOK {
		t.Fatalf("status %d", status)
	}
	for _, want := range []string{
		`graphql_requests_total{operation="Viewer",outcome="ok"} 1`,
		`http_requests_total{route="/graphql",status_class="2xx"}`,
		"graphql_request_duration_seconds_bucket",
	} {
		if !strings.Contains(string(body), want) {
			t.Errorf("/metrics lacks %s", want)
		}
	}
}

func TestCORSAllowsOnlyConfiguredOrigins(t *testing.T) {
	t.Parallel()
	s := newServer(t) // allows https://app.example.com
	preflight := func(origin, method, headers string) http.Header {
		req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
		req.Header.Set("Origin", origin)
		req.Header.Set("Access-Control-Request-Method", method)
		req.Header.Set("Access-Control-Request-Headers", headers)
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		resp.Body.Close()
		return resp.Header
	}

	h := preflight("https://app.example.com", "POST", "authorization,content-type")
	if h.Get("Access-Control-Allow-Origin") != "https://app.example.com" {
		t.Errorf("allowed origin: Access-Control-Allow-Origin = %q", h.Get("Access-Control-Allow-Origin"))
	}
	allowed := strings.ToLower(h.Get("Access-Control-Allow-Headers"))
	if !strings.Contains(allowed, "authorization") || !strings.Contains(allowed, "content-type") {
		t.Errorf("allowed origin: Access-Control-Allow-Headers = %q, want Authorization and Content-Type", allowed)
	}

	for name, origin := range map[string]string{
		"other origin":   "https://evil.example",
		"lookalike":      "https://app.example.com.evil.example",
		"http downgrade": "http://app.example.com",
		"null origin":    "null",
	} {
		if got := preflight(origin, "POST", "authorization").Get("Access-Control-Allow-Origin"); got != "" {
			t.Errorf("%s: Access-Control-Allow-Origin = %q, want none", name, got)
		}
	}
	if got := preflight("https://app.example.com", "DELETE", "").Get("Access-Control-Allow-Methods"); strings.Contains(got, "DELETE") {
		t.Errorf("DELETE allowed: %q", got)
	}
}

// slowStore holds every list for a while, as a slow database would.
type slowStore struct {
	engagement.Store
	delay time.Duration
}

func (s slowStore) Engagements(ctx context.Context, v engagement.Viewer, q engagement.ListQuery) ([]*engagement.Engagement, error) {
	time.Sleep(s.delay)
	return s.Store.Engagements(ctx, v, q)
}

func TestConcurrencyLimitQueuesThenSheds(t *testing.T) {
	t.Parallel()
	s := newServerWith(t, serverOptions{configure: func(cfg *httpapi.Config) {
		cfg.Store = slowStore{Store: cfg.Store, delay: 600 * time.Millisecond}
		cfg.MaxConcurrentRequests = 1
		cfg.RequestTimeout = 300 * time.Millisecond
	}})
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)

	first := make(chan gqlResponse, 1)
	go func() { first <- s.do(t, token, `{ engagements { nodes { id } } }`, nil) }()
	time.Sleep(100 * time.Millisecond) // let the first request take the only slot

	resp := s.do(t, token, `{ viewer { scopes } }`, nil)
	if resp.Status != http.StatusServiceUnavailable {
		t.Errorf("second request: status %d, want 503 while the only slot is taken; body %s", resp.Status, resp.Raw)
	}
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "OVERLOADED" {
		t.Errorf("second request: codes %v, want [OVERLOADED]", codes)
	}
	if resp.Header.Get("Retry-After") == "" {
		t.Error("503 without Retry-After")
	}
	<-first

	if resp := s.do(t, token, `{ viewer { scopes } }`, nil); resp.Status != http.StatusOK {
		t.Errorf("after the slot is free: status %d, want 200", resp.Status)
	}
}

func TestIntrospectionOffIsNotInternal(t *testing.T) {
	t.Parallel()
	s := newServerWith(t, serverOptions{configure: func(cfg *httpapi.Config) { cfg.DisableIntrospection = true }})
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
	resp := s.do(t, token, `{ __type(name: "Engagement") { name } }`, nil)
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "INTROSPECTION_DISABLED" {
		t.Errorf("codes = %v, want [INTROSPECTION_DISABLED]; body %s", codes, resp.Raw)
	}
	if strings.Contains(s.logs.String(), `"level":"ERROR"`) {
		t.Error("a disabled introspection query was logged as an error")
	}
}

func TestWriteLimitCountsAliasedMutations(t *testing.T) {
	t.Parallel()
	limits := httpapi.RateLimits{
		Requests: ratelimit.Rate{Limit: 100, Period: time.Minute},
		Writes:   ratelimit.Rate{Limit: 3, Period: time.Minute},
	}
	s := newServerWith(t, serverOptions{configure: withRateLimits(t, "", limits)})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	var creates strings.Builder
	for i := range 5 {
		fmt.Fprintf(&creates, "m%d: createEngagement(input: {type: CALL, externalId: \"alias-%d\", "+
			"transcriptTimeline: {speakers: [{name: \"A\"}], entries: [{speakerIndex: 0, startMs: 0, endMs: 1, "+
			"sentences: [{text: \"Hi\", startMs: 0, endMs: 1}]}]}}) { created } ", i, i)
	}
	resp := s.do(t, token, "mutation { "+creates.String()+"}", nil)
	if resp.Status != http.StatusTooManyRequests {
		t.Errorf("five aliased creates against a limit of 3: status %d, want 429; body %.300s", resp.Status, resp.Raw)
	}
	if rows := s.engagementRows(t, w); rows != 0 {
		t.Errorf("engagement rows = %d, want 0: the rejected operation must not run", rows)
	}
}
