package ratelimit

import (
	"errors"
	"log/slog"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"engagements/internal/testenv"

	"github.com/redis/go-redis/v9"
)

func TestAllowBurst(t *testing.T) {
	t.Parallel()
	// Long emission intervals, so that no request refills while the test runs.
	tests := []struct {
		name      string
		rate      Rate
		wantBurst int
		interval  time.Duration
	}{
		{name: "burst is limit", rate: Rate{Limit: 10, Period: 10 * time.Second}, wantBurst: 10, interval: time.Second},
		{name: "burst below limit", rate: Rate{Limit: 10, Period: 10 * time.Second, Burst: 3}, wantBurst: 3, interval: time.Second},
		{name: "burst above limit", rate: Rate{Limit: 2, Period: 2 * time.Second, Burst: 5}, wantBurst: 5, interval: time.Second},
		{name: "burst of one", rate: Rate{Limit: 1, Period: time.Second}, wantBurst: 1, interval: time.Second},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, _ := newTestLimiter(t)

			for i := range tt.wantBurst {
				res := mustAllow(t, l, "key", tt.rate)
				if !res.Allowed {
					t.Fatalf("request %d of the burst was rejected: %+v", i+1, res)
				}
				if res.RetryAfter != 0 {
					t.Errorf("request %d RetryAfter = %s, want 0 when allowed", i+1, res.RetryAfter)
				}
			}

			res := mustAllow(t, l, "key", tt.rate)
			if res.Allowed {
				t.Fatalf("request %d after a burst of %d was allowed: %+v", tt.wantBurst+1, tt.wantBurst, res)
			}
			if res.Limit != tt.wantBurst {
				t.Errorf("Limit = %d, want %d", res.Limit, tt.wantBurst)
			}
			if res.Remaining != 0 {
				t.Errorf("Remaining = %d, want 0", res.Remaining)
			}
			if res.RetryAfter <= tt.interval/2 || res.RetryAfter > tt.interval {
				t.Errorf("RetryAfter = %s, want within (%s, %s]", res.RetryAfter, tt.interval/2, tt.interval)
			}
			full := time.Duration(tt.wantBurst) * tt.interval
			if res.ResetAfter <= full-tt.interval/2 || res.ResetAfter > full {
				t.Errorf("ResetAfter = %s, want within (%s, %s]", res.ResetAfter, full-tt.interval/2, full)
			}
		})
	}
}

func TestAllowRemaining(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(t)
	rate := Rate{Limit: 5, Period: 50 * time.Second}

	var lastReset time.Duration
	for want := 4; want >= 0; want-- {
		res := mustAllow(t, l, "key", rate)
		if !res.Allowed {
			t.Fatalf("request with %d remaining was rejected: %+v", want, res)
		}
		if res.Remaining != want {
			t.Errorf("Remaining = %d, want %d", res.Remaining, want)
		}
		if res.ResetAfter <= lastReset {
			t.Errorf("ResetAfter = %s with %d remaining, want more than the previous %s", res.ResetAfter, want, lastReset)
		}
		lastReset = res.ResetAfter
	}
}

func TestAllowKeysIndependent(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(t)
	rate := Rate{Limit: 2, Period: 20 * time.Second}

	mustAllow(t, l, "key-a", rate)
	mustAllow(t, l, "key-a", rate)
	if res := mustAllow(t, l, "key-a", rate); res.Allowed {
		t.Fatalf("key-a allowed past its burst: %+v", res)
	}

	res := mustAllow(t, l, "key-b", rate)
	if !res.Allowed {
		t.Errorf("key-b rejected after key-a used its burst: %+v", res)
	}
	if res.Remaining != 1 {
		t.Errorf("key-b Remaining = %d, want 1", res.Remaining)
	}
}

func TestAllowRefill(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(t)
	rate := Rate{Limit: 10, Period: 500 * time.Millisecond}
	const interval = 50 * time.Millisecond

	for i := range 10 {
		if res := mustAllow(t, l, "key", rate); !res.Allowed {
			t.Fatalf("request %d of the burst was rejected: %+v", i+1, res)
		}
	}
	res := mustAllow(t, l, "key", rate)
	if res.Allowed {
		t.Fatalf("request after the burst was allowed: %+v", res)
	}
	if res.RetryAfter <= 0 || res.RetryAfter > interval {
		t.Fatalf("RetryAfter = %s, want within (0, %s]", res.RetryAfter, interval)
	}

	// The small margin covers the gap between the test's clock and Redis
	// server time, and stays far below one interval.
	time.Sleep(res.RetryAfter + 5*time.Millisecond)

	if res := mustAllow(t, l, "key", rate); !res.Allowed {
		t.Errorf("request after waiting RetryAfter was rejected: %+v", res)
	}
	if res := mustAllow(t, l, "key", rate); res.Allowed {
		t.Errorf("second request after waiting one interval was allowed: %+v", res)
	}
}

func TestAllowConcurrent(t *testing.T) {
	t.Parallel()
	l, _ := newTestLimiter(t)
	rate := Rate{Limit: 10, Period: time.Minute}

	var allowed atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, 50)
	for range 50 {
		wg.Go(func() {
			res, err := l.Allow(t.Context(), "key", rate)
			if err != nil {
				errs <- err
				return
			}
			if res.Allowed {
				allowed.Add(1)
			}
		})
	}
	wg.Wait()
	close(errs)

	for err := range errs {
		t.Errorf("Allow: %v", err)
	}
	if got := allowed.Load(); got != 10 {
		t.Errorf("allowed = %d of 50 concurrent requests, want exactly the burst of 10", got)
	}
}

func TestAllowKeyExpires(t *testing.T) {
	t.Parallel()
	l, client := newTestLimiter(t)
	rate := Rate{Limit: 10, Period: 500 * time.Millisecond}
	redisKey := l.prefix + hashKey("key")

	mustAllow(t, l, "key", rate)
	ttl, err := client.PTTL(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("PTTL: %v", err)
	}
	if ttl <= 0 || ttl > 50*time.Millisecond {
		t.Errorf("PTTL after one request = %s, want within (0, 50ms], one interval", ttl)
	}

	for range 9 {
		mustAllow(t, l, "key", rate)
	}
	ttl, err = client.PTTL(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("PTTL: %v", err)
	}
	if ttl <= 400*time.Millisecond || ttl > 500*time.Millisecond {
		t.Errorf("PTTL after the burst = %s, want within (400ms, 500ms], ten intervals", ttl)
	}
}

func TestAllowIdleKeyRemoved(t *testing.T) {
	t.Parallel()
	l, client := newTestLimiter(t)
	rate := Rate{Limit: 100, Period: time.Second}
	redisKey := l.prefix + hashKey("key")

	res := mustAllow(t, l, "key", rate)
	time.Sleep(res.ResetAfter + 20*time.Millisecond)

	n, err := client.Exists(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("EXISTS: %v", err)
	}
	if n != 0 {
		t.Errorf("key exists = %d after ResetAfter passed, want 0", n)
	}
}

func TestAllowStoresServerTime(t *testing.T) {
	t.Parallel()
	l, client := newTestLimiter(t)
	rate := Rate{Limit: 1, Period: time.Hour}
	redisKey := l.prefix + hashKey("key")

	mustAllow(t, l, "key", rate)
	serverNow, err := client.Time(t.Context()).Result()
	if err != nil {
		t.Fatalf("TIME: %v", err)
	}
	stored, err := client.Get(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("GET: %v", err)
	}

	tat, err := strconv.ParseInt(stored, 10, 64)
	if err != nil {
		t.Fatalf("stored TAT %q is not an integer: %v", stored, err)
	}
	want := serverNow.Add(time.Hour).UnixMicro()
	if diff := want - tat; diff < 0 || diff > time.Minute.Microseconds() {
		t.Errorf("stored TAT = %d µs, want Redis TIME plus one hour, %d µs, minus a few µs", tat, want)
	}
}

func TestAllowInvalidRate(t *testing.T) {
	t.Parallel()
	l, client := newTestLimiter(t)
	tests := []struct {
		name string
		rate Rate
	}{
		{name: "zero", rate: Rate{}},
		{name: "negative burst", rate: Rate{Limit: 1, Period: time.Second, Burst: -1}},
		{name: "too fast", rate: Rate{Limit: 2000, Period: time.Millisecond}},
	}
	for _, tt := range tests {
		res, err := l.Allow(t.Context(), "key", tt.rate)
		if !errors.Is(err, ErrInvalidRate) {
			t.Errorf("%s: Allow error = %v, want ErrInvalidRate", tt.name, err)
		}
		if !res.Allowed {
			t.Errorf("%s: Allowed = false, want true on an error", tt.name)
		}
	}

	keys, err := client.Keys(t.Context(), l.prefix+"*").Result()
	if err != nil {
		t.Fatalf("KEYS: %v", err)
	}
	if len(keys) != 0 {
		t.Errorf("Redis keys after invalid rates = %q, want none", keys)
	}
}

func TestAllowRedisDown(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		client func(t *testing.T) *redis.Client
	}{
		{name: "stopped", client: stoppedRedis},
		{name: "unreachable", client: func(t *testing.T) *redis.Client {
			return slowRetryClient(t, testenv.ClosedURL(t), false)
		}},
		// A server that accepts but never replies is bounded only when the
		// client has ContextTimeoutEnabled.
		{name: "hung", client: func(t *testing.T) *redis.Client {
			return slowRetryClient(t, hungServer(t), true)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			logs := &recordHandler{}
			l := NewLimiter(tt.client(t), "", slog.New(logs))
			key := "token:" + strings.Repeat("secret-user-input", 15)
			rate := Rate{Limit: 10, Period: time.Second}

			res, err := allowWithin(t, l, key, rate, 5*time.Second)
			if err == nil {
				t.Errorf("Allow error = nil, want the Redis failure")
			}
			if !res.Allowed {
				t.Errorf("Allowed = false, want true while Redis is down")
			}
			if res.Limit != 10 {
				t.Errorf("Limit = %d, want 10", res.Limit)
			}

			warnings := logs.matching("rate limiter unavailable")
			if len(warnings) != 1 {
				t.Fatalf("unavailable warnings = %d, want 1", len(warnings))
			}
			if got := warnings[0].Level; got != slog.LevelWarn {
				t.Errorf("warning level = %s, want WARN", got)
			}
			if got := attr(warnings[0], "key_hash"); got != hashKey(key) {
				t.Errorf("warning key_hash = %q, want %q", got, hashKey(key))
			}
			if strings.Contains(text(warnings[0]), "secret-user-input") {
				t.Errorf("warning contains the raw key: %s", text(warnings[0]))
			}
		})
	}
}

func TestAllowWarningThrottled(t *testing.T) {
	t.Parallel()
	logs := &recordHandler{}
	l := NewLimiter(slowRetryClient(t, testenv.ClosedURL(t), false), "", slog.New(logs))
	rate := Rate{Limit: 10, Period: time.Second}

	for range 3 {
		if _, err := allowWithin(t, l, "key", rate, 5*time.Second); err == nil {
			t.Fatalf("Allow error = nil, want the Redis failure")
		}
	}

	if got := len(logs.matching("rate limiter unavailable")); got != 1 {
		t.Errorf("unavailable warnings after 3 failures = %d, want 1", got)
	}
}

// stoppedRedis starts a private redis-server, connects a client to it,
// stops the server and returns the client with its dead pooled connection.
func stoppedRedis(t *testing.T) *redis.Client {
	t.Helper()
	server := testenv.StartRedisServer(t)
	client := slowRetryClient(t, server.URL, false)
	if err := client.Ping(t.Context()).Err(); err != nil {
		t.Fatalf("PING before the server stops: %v", err)
	}

	server.Stop()
	return client
}
