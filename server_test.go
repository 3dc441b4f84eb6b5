package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"strings"
	"testing"
	"time"

	"engagements/internal/testenv"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

func env(vars map[string]string) func(string) string {
	return func(key string) string { return vars[key] }
}

func TestConfigRejectsBadValues(t *testing.T) {
	t.Parallel()
	cases := map[string]struct {
		vars    map[string]string
		setting string
	}{
		"database url":  {map[string]string{"DATABASE_URL": "postgres://[::1"}, "DATABASE_URL"},
		"redis url":     {map[string]string{"REDIS_URL": "http://localhost"}, "REDIS_URL"},
		"addr":          {map[string]string{"ADDR": "8080"}, "ADDR"},
		"cors origin":   {map[string]string{"CORS_ALLOWED_ORIGINS": "app.example.com"}, "CORS_ALLOWED_ORIGINS"},
		"cors path":     {map[string]string{"CORS_ALLOWED_ORIGINS": "https://app.example.com/x"}, "CORS_ALLOWED_ORIGINS"},
		"grace":         {map[string]string{"SHUTDOWN_GRACE": "soon"}, "SHUTDOWN_GRACE"},
		"log level":     {map[string]string{"LOG_LEVEL": "loud"}, "LOG_LEVEL"},
		"log format":    {map[string]string{"LOG_FORMAT": "xml"}, "LOG_FORMAT"},
		"secret in url": {map[string]string{"DATABASE_URL": "postgres://u:hunter2@[::1"}, "DATABASE_URL"},
		"cors star mix": {map[string]string{"CORS_ALLOWED_ORIGINS": "https://a.example,*"}, "CORS_ALLOWED_ORIGINS"},
		"cert file":     {map[string]string{"SSL_CERT_FILE": "/nonexistent/ca.pem"}, "SSL_CERT_FILE"},
		"cert not pem":  {map[string]string{"SSL_CERT_FILE": "README.md"}, "SSL_CERT_FILE"},
		"open cidr":     {map[string]string{"MEDIA_FETCH_ALLOWED_CIDRS": "0.0.0.0/0"}, "MEDIA_FETCH_ALLOWED_CIDRS"},
		"writes rate":   {map[string]string{"RATE_LIMIT_REQUESTS": "off", "RATE_LIMIT_WRITES": "garbage"}, "RATE_LIMIT_WRITES"},
		"requests rate": {map[string]string{"RATE_LIMIT_REQUESTS": "10/soon"}, "RATE_LIMIT_REQUESTS"},
		"media ttl":     {map[string]string{"MEDIA_URL_TTL": "-1m"}, "MEDIA_URL_TTL"},
		"fields limit":  {map[string]string{"QUERY_MAX_FIELDS": "0"}, "QUERY_MAX_FIELDS"},
		"pprof addr":    {map[string]string{"PPROF_ADDR": "6060"}, "PPROF_ADDR"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			err := run(ctx, []string{"serve"}, env(c.vars), io.Discard, io.Discard)
			if err == nil {
				t.Fatal("run succeeded, want an error")
			}
			if !strings.Contains(err.Error(), c.setting) {
				t.Errorf("error %q does not name %s", err, c.setting)
			}
			if strings.Contains(err.Error(), "hunter2") {
				t.Errorf("error %q leaks the password", err)
			}
			if strings.Count(err.Error(), "\n") > 0 {
				t.Errorf("error %q is more than one line", err)
			}
		})
	}
}

func TestServeFailsOnUnreachableServices(t *testing.T) {
	t.Parallel()
	closedPort := freePort(t)
	cases := map[string]map[string]string{
		"DATABASE_URL": {"DATABASE_URL": fmt.Sprintf("postgres://postgres@127.0.0.1:%d/x?sslmode=disable&connect_timeout=2", closedPort)},
		"REDIS_URL":    {"DATABASE_URL": testenv.DatabaseURL(t), "REDIS_URL": testenv.ClosedURL(t)},
	}
	for setting, vars := range cases {
		t.Run(setting, func(t *testing.T) {
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			err := run(ctx, []string{"serve"}, env(vars), io.Discard, io.Discard)
			if err == nil || !strings.Contains(err.Error(), setting) {
				t.Errorf("error = %v, want one naming %s", err, setting)
			}
		})
	}
}

// TestTokenServeCreateRead follows the README: create a token, serve,
// create a transcript-only engagement and read it back, then stop.
func TestTokenServeCreateRead(t *testing.T) {
	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	vars := map[string]string{
		"DATABASE_URL": testenv.DatabaseURL(t),
		"REDIS_URL":    testenv.RedisURL(),
		"ADDR":         addr,
		"MEDIA_DIR":    t.TempDir(),
	}
	testenv.Redis(t) // skips loudly when Redis is down

	var stdout bytes.Buffer
	args := []string{"token", "create", "--workspace", "readme", "--email", "ann@ourteam.example",
		"--scopes", "engagements:read,engagements:write"}
	if err := run(context.Background(), args, env(vars), &stdout, io.Discard); err != nil {
		t.Fatalf("token create: %v", err)
	}
	token := strings.TrimSpace(stdout.String())
	if !strings.HasPrefix(token, "egm_") || strings.Contains(token, "\n") {
		t.Fatalf("token create printed %q, want the token alone", stdout.String())
	}

	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- run(ctx, nil, env(vars), io.Discard, io.Discard) }()
	waitForPort(t, addr)

	create := `mutation { createEngagement(input: {type: CALL, externalId: "readme-1",
		transcriptTimeline: {speakers: [{name: "Ann"}], entries: [{speakerIndex: 0, startMs: 0, endMs: 900,
		sentences: [{text: "Hello.", startMs: 0, endMs: 900}]}]}}) { created engagement { id } } }`
	body := postGraphQL(t, addr, token, create)
	id, _ := dig(body, "data", "createEngagement", "engagement", "id").(string)
	if id == "" {
		t.Fatalf("create returned %v", body)
	}

	read := fmt.Sprintf(`{ engagement(id: %q) { transcript owner { email } companies { id } contacts { id } actionItems { id } signals { id } } }`, id)
	body = postGraphQL(t, addr, token, read)
	if got := dig(body, "data", "engagement", "transcript"); got != "Ann: Hello." {
		t.Errorf("transcript = %v, want %q", got, "Ann: Hello.")
	}

	stop()
	select {
	case err := <-served:
		if err != nil {
			t.Errorf("serve returned %v after stop, want nil", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("serve did not stop within 30s of the signal")
	}
}

func TestCommandsRejectBadFlags(t *testing.T) {
	t.Parallel()
	vars := map[string]string{"DATABASE_URL": testenv.DatabaseURL(t)}
	cases := map[string][]string{
		"unknown command": {"frobnicate"},
		"bad slug":        {"workspace", "create", "--slug", "Bad Slug"},
		"bad scope":       {"token", "create", "--workspace", "w", "--email", "a@b.example", "--scopes", "admin"},
		"bad email":       {"token", "create", "--workspace", "w", "--email", "Ann <a@b.example>", "--scopes", "engagements:read"},
		"seed count":      {"seed", "--workspace", "w", "--engagements", "0"},
		"serve arguments": {"serve", "extra"},
		"token arguments": {"token", "create", "--workspace", "w", "--email", "a@b.example", "--scopes", "engagements:read", "extra"},
	}
	for name, args := range cases {
		t.Run(name, func(t *testing.T) {
			err := run(context.Background(), args, env(vars), io.Discard, io.Discard)
			if err == nil {
				t.Errorf("run(%v) succeeded, want an error", args)
			}
		})
	}
}

func TestSeedFillsWorkspace(t *testing.T) {
	vars := map[string]string{"DATABASE_URL": testenv.DatabaseURL(t)}
	var out bytes.Buffer
	if err := run(context.Background(), []string{"seed", "--workspace", "seeded", "--engagements", "250"}, env(vars), &out, io.Discard); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "250 engagements") {
		t.Errorf("seed printed %q", out.String())
	}

	// Readers see participants through the per-engagement link rows, so
	// those must carry the details.
	pool := testenv.Pool(t)
	var missing int
	err := pool.QueryRow(context.Background(), `
		SELECT count(*) FROM engagement_contacts ec JOIN engagements e ON e.id = ec.engagement_id
		JOIN workspaces w ON w.id = e.workspace_id
		WHERE w.slug = 'seeded' AND (ec.name IS NULL OR ec.company_id IS NULL)`).Scan(&missing)
	if err != nil {
		t.Fatal(err)
	}
	if missing != 0 {
		t.Errorf("%d seeded participant links have no name or company", missing)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

func waitForPort(t *testing.T, addr string) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for time.Now().Before(deadline) {
		if conn, err := net.Dial("tcp", addr); err == nil {
			conn.Close()
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	t.Fatalf("server did not listen on %s within 20s", addr)
}

func postGraphQL(t *testing.T, addr, token, query string) map[string]any {
	t.Helper()
	payload, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var body map[string]any
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatal(err)
	}
	return body
}

func dig(v any, keys ...string) any {
	for _, k := range keys {
		m, _ := v.(map[string]any)
		v = m[k]
	}
	return v
}
