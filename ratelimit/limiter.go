// Package ratelimit limits request rates per key with GCRA (the generic
// cell rate algorithm) in Redis, so that every server instance counts
// against the same limit.
package ratelimit

import (
	"context"
	"crypto/sha256"
	_ "embed"
	"encoding/hex"
	"fmt"
	"log/slog"
	"time"

	"github.com/redis/go-redis/v9"

	"engagements/internal/logthrottle"
)

// DefaultPrefix starts the Redis keys of a Limiter built with an empty
// prefix.
const DefaultPrefix = "engagements:ratelimit:"

// callTimeout bounds each Redis call. The limiter runs on every request,
// and when Redis is down Allow lets the request through anyway, so waiting
// out the client's retries would only add latency.
const callTimeout = 250 * time.Millisecond

//go:embed gcra.lua
var gcraSource string

var gcraScript = redis.NewScript(gcraSource)

// Result is the outcome of one Allow call.
type Result struct {
	// Allowed is whether the request may go on.
	Allowed bool
	// Limit is the burst, the most requests allowed at once on an idle key.
	Limit int
	// Remaining is the number of requests that would be allowed right now
	// after this one.
	Remaining int
	// ResetAfter is the time until the key is back to Limit remaining
	// requests.
	ResetAfter time.Duration
	// RetryAfter is the time until a request would be allowed, and 0 when
	// this one was.
	RetryAfter time.Duration
}

// Limiter counts requests per key in Redis. It is safe for concurrent use.
type Limiter struct {
	client   redis.UniversalClient
	prefix   string
	logger   *slog.Logger
	throttle *logthrottle.Throttle
}

// NewLimiter returns a Limiter that stores its state under prefix, or
// under DefaultPrefix when prefix is empty. Each Redis call is bounded by
// a timeout of 250ms. That timeout covers a Redis that refuses
// connections. It covers a Redis that accepts connections but never
// replies only when the client was built with ContextTimeoutEnabled,
// because otherwise the client waits out its own ReadTimeout.
func NewLimiter(client redis.UniversalClient, prefix string, logger *slog.Logger) *Limiter {
	if prefix == "" {
		prefix = DefaultPrefix
	}
	return &Limiter{
		client:   client,
		prefix:   prefix,
		logger:   logger,
		throttle: logthrottle.New(logthrottle.WarnInterval),
	}
}

// Allow takes one request for key under rate. Keys are hashed, so any
// string may be a key. Use one rate per key, because a key's state is a
// point in time that each call reads with the rate it is given.
//
// When rate is invalid, Redis fails or ctx ends, Allow returns
// Allowed=true, Limit set and the other fields zero, together with the
// error, so callers let the request through. It logs the first two cases
// at warn level, at most once per 10 seconds per Limiter, so callers need
// not log each one.
func (l *Limiter) Allow(ctx context.Context, key string, rate Rate) (Result, error) {
	failOpen := Result{Allowed: true, Limit: max(0, rate.burst())}
	keyHash := hashKey(key)

	if err := rate.Validate(); err != nil {
		l.warn(ctx, keyHash, err)
		return failOpen, fmt.Errorf("allow request: %w", err)
	}

	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()

	values, err := gcraScript.Run(callCtx, l.client, []string{l.prefix + keyHash},
		rate.interval(), rate.burst()).Int64Slice()
	if err != nil {
		err = fmt.Errorf("redis rate limit script: %w", err)
		// A caller that gave up is no sign of trouble with Redis.
		if ctx.Err() == nil {
			l.warn(ctx, keyHash, err)
		}
		return failOpen, fmt.Errorf("allow request: %w", err)
	}
	if len(values) != 4 {
		err = fmt.Errorf("redis rate limit script returned %d values, want 4", len(values))
		l.warn(ctx, keyHash, err)
		return failOpen, fmt.Errorf("allow request: %w", err)
	}

	return Result{
		Allowed:    values[0] == 1,
		Limit:      rate.burst(),
		Remaining:  int(values[1]),
		ResetAfter: time.Duration(values[2]) * time.Microsecond,
		RetryAfter: time.Duration(values[3]) * time.Microsecond,
	}, nil
}

// warn logs a failure that Allow lets pass, throttled to one line per
// logthrottle.WarnInterval with the number of lines held back.
func (l *Limiter) warn(ctx context.Context, keyHash string, err error) {
	ok, suppressed := l.throttle.Allow()
	if !ok {
		return
	}
	l.logger.WarnContext(ctx, "rate limiter unavailable, allowing request",
		"key_hash", keyHash, "err", err, "suppressed", suppressed)
}

// hashKey returns the SHA-256 of key in hex, so that keys of any length
// and content, which may include tokens or user input, give Redis keys of
// one shape and never reach Redis or the logs in clear.
func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}
