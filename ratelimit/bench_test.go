package ratelimit

import (
	"testing"
	"time"
)

// BenchmarkAllow measures one Allow against the test Redis: a single
// EVALSHA round trip. The rate is high enough that nearly every request
// is allowed, so each call also writes the key.
func BenchmarkAllow(b *testing.B) {
	l, _ := newTestLimiter(b)
	rate := Rate{Limit: 1_000_000, Period: time.Second}

	for b.Loop() {
		if _, err := l.Allow(b.Context(), "key", rate); err != nil {
			b.Fatalf("Allow: %v", err)
		}
	}
}
