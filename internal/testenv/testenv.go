// Package testenv connects tests to the real Postgres and Redis servers of
// the machine. When a server is unreachable the test is skipped with a loud
// message, except under CI=true, where that is a failure.
package testenv

import (
	"context"
	"os"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
)

func init() {
	// go-redis logs every failed dial to stderr; tests of an unreachable
	// Redis would flood the output.
	redis.SetLogger(quietRedisLogger{})
}

type quietRedisLogger struct{}

func (quietRedisLogger) Printf(context.Context, string, ...any) {}

// DefaultRedisURL is the Redis server that tests use unless TEST_REDIS_URL
// names another.
const DefaultRedisURL = "redis://127.0.0.1:6379/0"

// RedisURL returns TEST_REDIS_URL or DefaultRedisURL.
func RedisURL() string {
	if u := os.Getenv("TEST_REDIS_URL"); u != "" {
		return u
	}
	return DefaultRedisURL
}

// Unavailable skips the test because a required server cannot be reached,
// or fails it under CI=true, where every server must be up.
func Unavailable(t testing.TB, server string, err error) {
	t.Helper()
	if os.Getenv("CI") == "true" {
		t.Fatalf("%s is unreachable under CI=true: %v", server, err)
	}
	t.Skipf("SKIPPED: %s is unreachable (%v); start it or set the TEST_*_URL variable", server, err)
}

// Redis returns a client for the test Redis server, closed when the test
// ends. Tests share the server, so each one must use keys of its own.
func Redis(t testing.TB) *redis.Client {
	t.Helper()
	opts, err := redis.ParseURL(RedisURL())
	if err != nil {
		t.Fatalf("parse TEST_REDIS_URL: %v", err)
	}
	opts.ContextTimeoutEnabled = true
	client := redis.NewClient(opts)
	t.Cleanup(func() { client.Close() })

	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Second)
	defer cancel()
	if err := client.Ping(ctx).Err(); err != nil {
		Unavailable(t, "Redis at "+RedisURL(), err)
	}
	return client
}
