package idempotency

import (
	"crypto/rand"
	"log/slog"
	"testing"

	"engagements/internal/testenv"
)

// BenchmarkLock measures one uncontended Lock and release against the
// test Redis: a SET NX and a release script, two round trips.
func BenchmarkLock(b *testing.B) {
	client := testenv.Redis(b)
	l := NewLocker(client, Config{Prefix: "bench:idem:" + rand.Text() + ":"}, slog.New(slog.DiscardHandler))

	for b.Loop() {
		release, err := l.Lock(b.Context(), "workspace-1/ext-1")
		if err != nil {
			b.Fatalf("Lock: %v", err)
		}
		release()
	}
}
