package idempotency

import "time"

// Defaults that NewLocker applies to zero or negative Config fields.
const (
	DefaultTTL    = 30 * time.Second
	DefaultWait   = 10 * time.Second
	DefaultPrefix = "engagements:idem:"
)

// Config sets how long a lock lives, how long a waiter waits for it and
// where its Redis keys go. Zero or negative fields take the Default values.
type Config struct {
	// TTL is the lock's expiry in Redis. It must be longer than any create
	// that runs under the lock, because an expired lock lets a second
	// request in while the first is still working.
	TTL time.Duration

	// Wait is the maximum time that Lock polls for a held key before it
	// gives up with ErrKeyInUse.
	Wait time.Duration

	// Prefix starts every Redis key, so that several applications can
	// share one Redis database.
	Prefix string
}

func (c Config) withDefaults() Config {
	if c.TTL <= 0 {
		c.TTL = DefaultTTL
	}
	if c.Wait <= 0 {
		c.Wait = DefaultWait
	}
	if c.Prefix == "" {
		c.Prefix = DefaultPrefix
	}
	return c
}
