package idempotency

import (
	"context"
	"fmt"
	"sync"
	"time"

	"github.com/redis/go-redis/v9"
)

// releaseScript deletes the lock only while it still carries the holder's
// token. A lock that expired and was taken by another request carries that
// request's token, so a late release from the first holder leaves it be.
// It returns 1 when it deleted the lock and 0 when it did not.
var releaseScript = redis.NewScript(`
if redis.call('GET', KEYS[1]) == ARGV[1] then
	return redis.call('DEL', KEYS[1])
end
return 0
`)

// newRelease returns the release function for one held lock. Only the
// first call deletes the lock. It keeps ctx's values but drops its
// cancellation and sets callTimeout instead, because the request's ctx is
// often cancelled by the time the handler releases, and a lock left behind
// would block retries of the key until the TTL ends.
func (l *Locker) newRelease(ctx context.Context, redisKey, keyHash, token string) func() {
	acquiredAt := time.Now()
	var once sync.Once

	return func() {
		once.Do(func() {
			l.release(context.WithoutCancel(ctx), redisKey, keyHash, token, acquiredAt)
		})
	}
}

func (l *Locker) release(ctx context.Context, redisKey, keyHash, token string, acquiredAt time.Time) {
	callCtx, cancel := context.WithTimeout(ctx, callTimeout)
	defer cancel()

	deleted, err := releaseScript.Run(callCtx, l.client, []string{redisKey}, token).Int()
	if err != nil {
		// The lock stays until its TTL ends, so retries of this key wait
		// until then or give up with ErrKeyInUse.
		l.warnUnavailable(ctx, "release", keyHash, fmt.Errorf("redis release script: %w", err))
		return
	}

	if deleted == 0 {
		// The lock expired while held, so another request may have run
		// under the same key at the same time. TTL is too short for this
		// create.
		l.logger.WarnContext(ctx, "idempotency lock expired before release",
			"key_hash", keyHash, "held", time.Since(acquiredAt), "ttl", l.cfg.TTL)
	}
}

// abandon deletes a lock that a failed acquire may have set after all.
// Without it, a request cancelled during SET, typically a client that
// timed out and will retry with the same key, would leave the key held
// until the TTL ends, and the retry would wait and fail with ErrKeyInUse.
// Errors are dropped, because Redis is likely failing already and the TTL
// still bounds the lock.
func (l *Locker) abandon(ctx context.Context, redisKey, token string) {
	callCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), callTimeout)
	defer cancel()

	_ = releaseScript.Run(callCtx, l.client, []string{redisKey}, token).Err()
}
