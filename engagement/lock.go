package engagement

import (
	"context"
	"errors"
)

// KeyLocker serialises work on one idempotency key across all server
// instances, so that concurrent creates with the same externalId wait for
// the first instead of racing it.
type KeyLocker interface {
	// Lock blocks until the caller holds key, then returns the function
	// that releases it. It returns an error wrapping ErrKeyInUse when the
	// key stayed held for longer than the locker's wait limit, and one
	// wrapping ErrLockUnavailable when the lock service cannot be reached;
	// callers then go on without the lock and rely on the database's
	// unique constraint.
	Lock(ctx context.Context, key string) (release func(), err error)
}

// Errors returned by a KeyLocker.
var (
	ErrKeyInUse        = errors.New("idempotency key in use by another request")
	ErrLockUnavailable = errors.New("lock service unavailable")
)
