package idempotency

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"os"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"engagements/engagement"
	"engagements/internal/testenv"

	"github.com/redis/go-redis/v9"
)

func TestLockExclusive(t *testing.T) {
	t.Parallel()
	l, _, _ := newTestLocker(t, Config{})

	const workers = 50
	var inside, maxInside, entered atomic.Int32
	var wg sync.WaitGroup
	errs := make(chan error, workers)
	for range workers {
		wg.Go(func() {
			release, err := l.Lock(t.Context(), "workspace-1/ext-1")
			if err != nil {
				errs <- err
				return
			}
			defer release()

			n := inside.Add(1)
			for {
				seen := maxInside.Load()
				if n <= seen || maxInside.CompareAndSwap(seen, n) {
					break
				}
			}
			// Holding the lock for a moment gives an overlap a window to show.
			time.Sleep(time.Millisecond)
			entered.Add(1)
			inside.Add(-1)
		})
	}
	wg.Wait()
	close(errs)

	for err := range errs {
		t.Errorf("Lock: %v", err)
	}
	if got := maxInside.Load(); got != 1 {
		t.Errorf("max holders at once = %d, want 1", got)
	}
	if got := entered.Load(); got != workers {
		t.Errorf("holders that entered = %d, want %d", got, workers)
	}
}

func TestLockKeysIndependent(t *testing.T) {
	t.Parallel()
	l, _, _ := newTestLocker(t, Config{Wait: 50 * time.Millisecond})

	releaseA, err := l.Lock(t.Context(), "key-a")
	if err != nil {
		t.Fatalf("Lock key-a: %v", err)
	}
	defer releaseA()

	releaseB, err := l.Lock(t.Context(), "key-b")
	if err != nil {
		t.Fatalf("Lock key-b while key-a is held: %v", err)
	}
	releaseB()
}

func TestLockWaiterAfterRelease(t *testing.T) {
	t.Parallel()
	l, _, _ := newTestLocker(t, Config{})

	release, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by holder: %v", err)
	}

	var released atomic.Bool
	done := make(chan error, 1)
	go func() {
		releaseWaiter, err := l.Lock(t.Context(), "key")
		if err == nil {
			if !released.Load() {
				err = errors.New("waiter got the lock before the holder released it")
			}
			releaseWaiter()
		}
		done <- err
	}()

	// Give the waiter time to find the key held and start polling.
	time.Sleep(50 * time.Millisecond)
	released.Store(true)
	release()

	if err := <-done; err != nil {
		t.Errorf("waiter Lock: %v", err)
	}
}

func TestLockGivesUpAfterWait(t *testing.T) {
	t.Parallel()
	l, _, _ := newTestLocker(t, Config{Wait: 100 * time.Millisecond})

	release, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by holder: %v", err)
	}
	defer release()

	_, err = l.Lock(t.Context(), "key")
	if !errors.Is(err, engagement.ErrKeyInUse) {
		t.Errorf("waiter Lock error = %v, want ErrKeyInUse", err)
	}
	if errors.Is(err, engagement.ErrLockUnavailable) {
		t.Errorf("waiter Lock error = %v, want no ErrLockUnavailable while Redis is up", err)
	}
}

func TestLockCancelledWhileWaiting(t *testing.T) {
	t.Parallel()
	l, _, _ := newTestLocker(t, Config{})

	release, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by holder: %v", err)
	}
	defer release()

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	_, err = l.Lock(ctx, "key")
	if !errors.Is(err, context.Canceled) {
		t.Errorf("waiter Lock error = %v, want context.Canceled", err)
	}
	if errors.Is(err, engagement.ErrKeyInUse) || errors.Is(err, engagement.ErrLockUnavailable) {
		t.Errorf("waiter Lock error = %v, want only the context's error", err)
	}
}

func TestReleaseAfterExpiry(t *testing.T) {
	t.Parallel()
	l, client, logs := newTestLocker(t, Config{TTL: 50 * time.Millisecond, Wait: 50 * time.Millisecond})
	redisKey := l.cfg.Prefix + hashKey("key")

	releaseFirst, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by first holder: %v", err)
	}
	time.Sleep(150 * time.Millisecond)

	releaseSecond, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by second holder after the first expired: %v", err)
	}

	releaseFirst()
	n, err := client.Exists(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("EXISTS: %v", err)
	}
	if n != 1 {
		t.Errorf("second holder's lock exists = %d after the first holder's late release, want 1", n)
	}
	if got := len(logs.matching("idempotency lock expired")); got != 1 {
		t.Errorf("expiry warnings = %d, want 1", got)
	}

	releaseSecond()
	n, err = client.Exists(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("EXISTS: %v", err)
	}
	if n != 0 {
		t.Errorf("lock exists = %d after the second holder released, want 0", n)
	}
}

func TestReleaseTwice(t *testing.T) {
	t.Parallel()
	l, client, _ := newTestLocker(t, Config{Wait: 50 * time.Millisecond})
	redisKey := l.cfg.Prefix + hashKey("key")

	releaseFirst, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by first holder: %v", err)
	}
	releaseFirst()

	releaseSecond, err := l.Lock(t.Context(), "key")
	if err != nil {
		t.Fatalf("Lock by second holder: %v", err)
	}
	defer releaseSecond()

	releaseFirst()
	n, err := client.Exists(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("EXISTS: %v", err)
	}
	if n != 1 {
		t.Errorf("second holder's lock exists = %d after the first release ran twice, want 1", n)
	}
}

func TestReleaseAfterCancel(t *testing.T) {
	t.Parallel()
	l, client, _ := newTestLocker(t, Config{})
	redisKey := l.cfg.Prefix + hashKey("key")

	ctx, cancel := context.WithCancel(t.Context())
	release, err := l.Lock(ctx, "key")
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	cancel()
	release()

	n, err := client.Exists(t.Context(), redisKey).Result()
	if err != nil {
		t.Fatalf("EXISTS: %v", err)
	}
	if n != 0 {
		t.Errorf("lock exists = %d after release on a cancelled request context, want 0", n)
	}
}

func TestLockRedisKey(t *testing.T) {
	t.Parallel()
	l, client, _ := newTestLocker(t, Config{TTL: time.Minute})
	key := "workspace-1/" + strings.Repeat("é*{}", 60)

	release, err := l.Lock(t.Context(), key)
	if err != nil {
		t.Fatalf("Lock: %v", err)
	}
	defer release()

	keys, err := client.Keys(t.Context(), l.cfg.Prefix+"*").Result()
	if err != nil {
		t.Fatalf("KEYS: %v", err)
	}
	if len(keys) != 1 {
		t.Fatalf("Redis keys under the prefix = %q, want one", keys)
	}
	if want := l.cfg.Prefix + hashKey(key); keys[0] != want {
		t.Errorf("Redis key = %q, want %q", keys[0], want)
	}

	ttl, err := client.PTTL(t.Context(), keys[0]).Result()
	if err != nil {
		t.Fatalf("PTTL: %v", err)
	}
	if ttl <= 0 || ttl > time.Minute {
		t.Errorf("lock PTTL = %s, want within (0, 1m]", ttl)
	}
}

func TestLockRedisDown(t *testing.T) {
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
			l := NewLocker(tt.client(t), Config{}, slog.New(logs))
			key := "workspace-1/" + strings.Repeat("secret-user-input", 15)

			err := lockWithin(t, l, key, 5*time.Second)
			if !errors.Is(err, engagement.ErrLockUnavailable) {
				t.Errorf("Lock error = %v, want ErrLockUnavailable", err)
			}

			warnings := logs.matching("idempotency lock unavailable")
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

func TestLockWarningThrottled(t *testing.T) {
	t.Parallel()
	client := slowRetryClient(t, testenv.ClosedURL(t), false)
	logs := &recordHandler{}
	l := NewLocker(client, Config{}, slog.New(logs))

	for range 2 {
		if err := lockWithin(t, l, "key", 5*time.Second); !errors.Is(err, engagement.ErrLockUnavailable) {
			t.Fatalf("Lock error = %v, want ErrLockUnavailable", err)
		}
	}

	if got := len(logs.matching("idempotency lock unavailable")); got != 1 {
		t.Errorf("unavailable warnings after 2 failures = %d, want 1", got)
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

func TestAbandon(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		storedBy   string
		wantExists int64
	}{
		{name: "own token deleted", storedBy: "token-a", wantExists: 0},
		{name: "other token kept", storedBy: "token-b", wantExists: 1},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			l, client, _ := newTestLocker(t, Config{})
			redisKey := l.cfg.Prefix + hashKey("key")
			if err := client.Set(t.Context(), redisKey, tt.storedBy, time.Minute).Err(); err != nil {
				t.Fatalf("SET: %v", err)
			}

			ctx, cancel := context.WithCancel(t.Context())
			cancel()
			l.abandon(ctx, redisKey, "token-a")

			n, err := client.Exists(t.Context(), redisKey).Result()
			if err != nil {
				t.Fatalf("EXISTS: %v", err)
			}
			if n != tt.wantExists {
				t.Errorf("lock exists = %d after abandoning token-a, want %d", n, tt.wantExists)
			}
		})
	}
}

func TestMayHaveApplied(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		err  error
		want bool
	}{
		{name: "deadline", err: fmt.Errorf("redis SET NX: %w", context.DeadlineExceeded), want: true},
		{name: "cancelled", err: fmt.Errorf("redis SET NX: %w", context.Canceled), want: true},
		{name: "network timeout", err: &net.OpError{Op: "read", Err: os.ErrDeadlineExceeded}, want: true},
		{name: "refused", err: &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}, want: false},
		{name: "redis error", err: redis.Nil, want: false},
	}
	for _, tt := range tests {
		if got := mayHaveApplied(tt.err); got != tt.want {
			t.Errorf("%s: mayHaveApplied(%v) = %v, want %v", tt.name, tt.err, got, tt.want)
		}
	}
}
