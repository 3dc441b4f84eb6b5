package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"engagements/auth"
	"engagements/db"
	"engagements/engagement"
	"engagements/httpapi"
	"engagements/idempotency"
	"engagements/internal/testenv"
)

// TestReadinessFollowsPostgres cuts the server off from Postgres through a
// proxy and checks that /readyz turns 503 and back to 200.
func TestReadinessFollowsPostgres(t *testing.T) {
	dbURL := testenv.DatabaseURL(t)
	testenv.Redis(t)
	parsed, err := url.Parse(dbURL)
	if err != nil {
		t.Fatal(err)
	}
	proxy := testenv.StartProxy(t, parsed.Host)
	parsed.Host = proxy.Addr

	addr := fmt.Sprintf("127.0.0.1:%d", freePort(t))
	vars := map[string]string{"DATABASE_URL": parsed.String(), "REDIS_URL": testenv.RedisURL(), "ADDR": addr,
		"MEDIA_DIR": t.TempDir()}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- run(ctx, nil, env(vars), io.Discard, io.Discard) }()
	t.Cleanup(func() { stop(); <-served })
	waitForPort(t, addr)

	waitForReady(t, addr, http.StatusOK)
	proxy.Cut()
	body := waitForReady(t, addr, http.StatusServiceUnavailable)
	if !strings.Contains(body, "postgres") {
		t.Errorf("/readyz body %q does not name postgres", body)
	}
	proxy.Resume(t)
	waitForReady(t, addr, http.StatusOK)
}

// waitForReady polls /readyz for up to 20 seconds until it responds with want,
// and returns the body.
func waitForReady(t *testing.T, addr string, want int) string {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		resp, err := http.Get("http://" + addr + "/readyz")
		if err == nil {
			body, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode == want {
				return string(body)
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("/readyz did not answer %d within 20s", want)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// slowChecker accepts every media URL after a delay, so creates stay in
// flight long enough to be caught by a shutdown.
type slowChecker struct {
	delay   time.Duration
	entered atomic.Int64
}

func (c *slowChecker) CheckMedia(ctx context.Context, _ string) (*engagement.UserError, error) {
	c.entered.Add(1)
	select {
	case <-time.After(c.delay):
		return nil, nil
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// TestShutdownDrainsInFlightCreates stops the server while 20 creates are
// in flight: every create that returned success must be in the database.
func TestShutdownDrainsInFlightCreates(t *testing.T) {
	logger := slog.New(slog.NewTextHandler(io.Discard, nil))
	pool := testenv.Pool(t)
	if err := db.Migrate(context.Background(), pool); err != nil {
		t.Fatal(err)
	}
	store := db.NewStore(pool)
	queue, err := river.NewClient(riverpgxv5.New(pool), &river.Config{Logger: logger})
	if err != nil {
		t.Fatal(err)
	}
	store.UseJobs(queue, "shutdown_test")

	checker := &slowChecker{delay: time.Second}
	service := &engagement.Service{Store: store, Locker: idempotency.NewLocker(testenv.Redis(t), idempotency.Config{}, logger),
		Media: checker, Logger: logger, Now: time.Now}
	handler := httpapi.New(httpapi.Config{Store: store, Service: service, Authenticator: store, Logger: logger})

	w, err := store.CreateWorkspace(context.Background(), fmt.Sprintf("shutdown-%d", time.Now().UnixNano()), "Shutdown", false)
	if err != nil {
		t.Fatal(err)
	}
	userID, _ := store.EnsureUser(context.Background(), w.ID, "ann@ourteam.example")
	token, hash, _ := auth.NewToken()
	if _, err := store.CreateToken(context.Background(), w.ID, userID, hash, []auth.Scope{auth.ScopeWrite}); err != nil {
		t.Fatal(err)
	}

	listener, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	ctx, stop := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- serveHTTP(ctx, listener, handler, 20*time.Second, logger) }()

	const inFlight = 20
	var wg sync.WaitGroup
	ids := make([]string, inFlight)
	for i := range inFlight {
		wg.Add(1)
		go func() {
			defer wg.Done()
			query := fmt.Sprintf(`mutation { createEngagement(input: {type: CALL, externalId: "drain-%d",
				mediaUrl: "https://media.example/%d.mp3"}) { created engagement { id } } }`, i, i)
			ids[i] = createOverHTTP(t, listener.Addr().String(), token, query)
		}()
	}
	for checker.entered.Load() < inFlight {
		time.Sleep(10 * time.Millisecond)
	}
	stop() // as SIGTERM does

	wg.Wait()
	if err := <-served; err != nil {
		t.Errorf("serveHTTP = %v, want nil after a clean drain", err)
	}
	var rows int
	_ = pool.QueryRow(context.Background(), `SELECT count(*) FROM engagements WHERE workspace_id = $1`, w.ID).Scan(&rows)
	succeeded := 0
	for _, id := range ids {
		if id != "" {
			succeeded++
		}
	}
	if succeeded != inFlight {
		t.Errorf("%d of %d in-flight creates succeeded, want all", succeeded, inFlight)
	}
	if rows != succeeded {
		t.Errorf("engagement rows = %d, want %d, one per successful create", rows, succeeded)
	}
	if _, err := net.Dial("tcp", listener.Addr().String()); err == nil {
		t.Error("server still accepts connections after shutdown")
	}
}

// createOverHTTP returns the created engagement's ID, or "" on failure.
func createOverHTTP(t *testing.T, addr, token, query string) string {
	payload, _ := json.Marshal(map[string]string{"query": query})
	req, _ := http.NewRequest(http.MethodPost, "http://"+addr+"/graphql", bytes.NewReader(payload))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Logf("create failed: %v", err)
		return ""
	}
	defer resp.Body.Close()
	var body map[string]any
	_ = json.NewDecoder(resp.Body).Decode(&body)
	id, _ := dig(body, "data", "createEngagement", "engagement", "id").(string)
	if id == "" {
		t.Logf("create returned %v", body)
	}
	return id
}
