// Package idempotency implements engagement.KeyLocker with a lock in Redis,
// so that concurrent creates with one idempotency key on any server
// instance run one after another.
package idempotency

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"log/slog"
	"net"
	"time"

	"engagements/engagement"
	"engagements/internal/logthrottle"

	"github.com/redis/go-redis/v9"
)

// callTimeout bounds each Redis call. Without it, the client's retries and
// dial attempts against a Redis that is down add up to many seconds for
// every request, when the caller could go on without the lock at once.
const callTimeout = time.Second

// Locker is an engagement.KeyLocker that stores each held key as a Redis
// string with an expiry. It is safe for concurrent use.
type Locker struct {
	client   redis.UniversalClient
	cfg      Config
	logger   *slog.Logger
	throttle *logthrottle.Throttle
}

var _ engagement.KeyLocker = (*Locker)(nil)

// NewLocker returns a Locker on client, with zero Config fields set to the
// Default values. Each Redis call is bounded by a timeout of one second.
// That timeout covers a Redis that refuses connections. It covers a Redis
// that accepts connections but never replies only when the client was
// built with ContextTimeoutEnabled, because otherwise the client waits out
// its own ReadTimeout.
func NewLocker(client redis.UniversalClient, cfg Config, logger *slog.Logger) *Locker {
	return &Locker{
		client:   client,
		cfg:      cfg.withDefaults(),
		logger:   logger,
		throttle: logthrottle.New(logthrottle.WarnInterval),
	}
}

// Lock blocks until the caller holds key, then returns the function that
// releases it. The release function may be called any number of times,
// and it deletes the lock only while the lock still carries this caller's
// token.
//
// Lock returns ctx.Err() when ctx ends while it waits, an error wrapping
// engagement.ErrKeyInUse when the key stays held for longer than
// Config.Wait, and an error wrapping engagement.ErrLockUnavailable when a
// Redis call fails or times out. It logs that last case at warn level, at
// most once per 10 seconds per Locker.
func (l *Locker) Lock(ctx context.Context, key string) (release func(), err error) {
	keyHash := hashKey(key)
	redisKey := l.cfg.Prefix + keyHash
	token := newToken()
	deadline := time.Now().Add(l.cfg.Wait)

	for attempt := 0; ; attempt++ {
		acquired, err := l.tryAcquire(ctx, redisKey, token)
		if err != nil {
			if mayHaveApplied(err) {
				go l.abandon(ctx, redisKey, token)
			}
			if ctx.Err() != nil {
				return nil, ctx.Err()
			}
			l.warnUnavailable(ctx, "acquire", keyHash, err)
			return nil, fmt.Errorf("lock idempotency key with hash %s: %w: %w",
				keyHash, engagement.ErrLockUnavailable, err)
		}
		if acquired {
			return l.newRelease(ctx, redisKey, keyHash, token), nil
		}

		remaining := time.Until(deadline)
		if remaining <= 0 {
			return nil, fmt.Errorf("lock idempotency key with hash %s: still held after %s: %w",
				keyHash, l.cfg.Wait, engagement.ErrKeyInUse)
		}

		if err := sleep(ctx, min(pollDelay(attempt), remaining)); err != nil {
			return nil, err
		}
	}
}

// tryAcquire sets redisKey to token unless the key exists, and reports
// whether it did.
func (l *Locker) tryAcquire(ctx context.Context, redisKey, token string) (bool, error) {
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()

	acquired, err := l.client.SetNX(callCtx, redisKey, token, l.cfg.TTL).Result()
	if err != nil {
		return false, fmt.Errorf("redis SET NX: %w", err)
	}
	return acquired, nil
}

// mayHaveApplied reports whether a failed SET may still have taken effect
// in Redis: a timeout or cancellation can come after Redis applied the
// command but before its reply arrived.
func mayHaveApplied(err error) bool {
	var netErr net.Error
	return errors.Is(err, context.DeadlineExceeded) ||
		errors.Is(err, context.Canceled) ||
		(errors.As(err, &netErr) && netErr.Timeout())
}

// warnUnavailable logs a failed Redis call at warn level, throttled to one
// line per logthrottle.WarnInterval with the number of lines held back.
func (l *Locker) warnUnavailable(ctx context.Context, op, keyHash string, err error) {
	ok, suppressed := l.throttle.Allow()
	if !ok {
		return
	}
	l.logger.WarnContext(ctx, "idempotency lock unavailable",
		"op", op, "key_hash", keyHash, "err", err, "suppressed", suppressed)
}

// newToken returns 16 random bytes in hex, which identify one holder of a
// lock.
func newToken() string {
	var b [16]byte
	// crypto/rand.Read never returns an error: it crashes the program
	// when the system's random source fails.
	_, _ = rand.Read(b[:])
	return hex.EncodeToString(b[:])
}

// sleep waits for d or until ctx ends, and returns ctx.Err() in that case.
func sleep(ctx context.Context, d time.Duration) error {
	timer := time.NewTimer(d)
	defer timer.Stop()

	select {
	case <-timer.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}
