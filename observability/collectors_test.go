package observability

import (
	"context"
	"crypto/rand"
	"errors"
	"testing"

	"github.com/jackc/pgx/v5/pgxpool"

	"engagements/internal/testenv"
)

func TestRegisterPool(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	cfg, err := pgxpool.ParseConfig(testenv.DatabaseURL(t))
	if err != nil {
		t.Fatalf("parse database URL: %v", err)
	}
	cfg.MaxConns = 1
	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)

	m := NewMetrics()
	m.RegisterPool(pool)

	// Hold the only connection, then fail one acquire on a canceled
	// context, so that the gauges and the canceled count have known values.
	conn, err := pool.Acquire(ctx)
	if err != nil {
		t.Fatalf("acquire: %v", err)
	}
	defer conn.Release()
	canceled, cancel := context.WithCancel(ctx)
	cancel()
	if _, err := pool.Acquire(canceled); !errors.Is(err, context.Canceled) {
		t.Fatalf("acquire on a canceled context: err = %v, want context.Canceled", err)
	}

	families := scrape(t, m)
	stat := pool.Stat()
	tests := []struct {
		name string
		want float64
	}{
		{"pgxpool_acquired_conns", 1},
		{"pgxpool_idle_conns", 0},
		{"pgxpool_total_conns", 1},
		{"pgxpool_max_conns", 1},
		{"pgxpool_constructing_conns", 0},
		{"pgxpool_acquires_total", float64(stat.AcquireCount())},
		{"pgxpool_acquire_duration_seconds_total", stat.AcquireDuration().Seconds()},
		{"pgxpool_canceled_acquires_total", 1},
		{"pgxpool_empty_acquires_total", float64(stat.EmptyAcquireCount())},
		{"pgxpool_new_conns_total", 1},
		{"pgxpool_max_lifetime_destroys_total", 0},
		{"pgxpool_max_idle_destroys_total", 0},
	}
	for _, tt := range tests {
		if got := metricValue(t, families, tt.name, nil); got != tt.want {
			t.Errorf("%s = %v, want %v", tt.name, got, tt.want)
		}
	}
	if stat.AcquireCount() < 1 || stat.EmptyAcquireCount() < 1 {
		t.Errorf("pool stat has %d acquires and %d empty acquires, want at least 1 each",
			stat.AcquireCount(), stat.EmptyAcquireCount())
	}
}

func TestRegisterRedis(t *testing.T) {
	t.Parallel()
	ctx := t.Context()
	client := testenv.Redis(t)
	key := t.Name() + ":" + rand.Text()
	t.Cleanup(func() { client.Del(context.Background(), key) })

	m := NewMetrics()
	m.RegisterRedis(client)

	// The ping in testenv.Redis opened a connection (a miss). These
	// commands reuse it (hits), so hits and misses differ.
	for range 3 {
		if err := client.Set(ctx, key, "v", 0).Err(); err != nil {
			t.Fatalf("SET %s: %v", key, err)
		}
	}

	families := scrape(t, m)
	stats := client.PoolStats()
	if stats.Hits == stats.Misses {
		t.Fatalf("pool stats have %d hits and %d misses; the test needs them to differ", stats.Hits, stats.Misses)
	}
	tests := []struct {
		name string
		want uint32
	}{
		{"redis_pool_hits_total", stats.Hits},
		{"redis_pool_misses_total", stats.Misses},
		{"redis_pool_timeouts_total", stats.Timeouts},
		{"redis_pool_total_conns", stats.TotalConns},
		{"redis_pool_idle_conns", stats.IdleConns},
		{"redis_pool_stale_conns_total", stats.StaleConns},
	}
	for _, tt := range tests {
		if got := metricValue(t, families, tt.name, nil); got != float64(tt.want) {
			t.Errorf("%s = %v, want %d", tt.name, got, tt.want)
		}
	}
}
