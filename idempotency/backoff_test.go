package idempotency

import (
	"testing"
	"time"
)

func TestPollDelay(t *testing.T) {
	t.Parallel()
	tests := []struct {
		attempt  int
		min, max time.Duration
	}{
		{attempt: 0, min: 2500 * time.Microsecond, max: 5 * time.Millisecond},
		{attempt: 1, min: 5 * time.Millisecond, max: 10 * time.Millisecond},
		{attempt: 2, min: 10 * time.Millisecond, max: 20 * time.Millisecond},
		{attempt: 4, min: 40 * time.Millisecond, max: 80 * time.Millisecond},
		{attempt: 5, min: 50 * time.Millisecond, max: 100 * time.Millisecond},
		{attempt: 60, min: 50 * time.Millisecond, max: 100 * time.Millisecond},
		{attempt: 1 << 30, min: 50 * time.Millisecond, max: 100 * time.Millisecond},
	}
	for _, tt := range tests {
		seen := map[time.Duration]bool{}
		for range 200 {
			d := pollDelay(tt.attempt)
			if d < tt.min || d > tt.max {
				t.Fatalf("pollDelay(%d) = %s, want within [%s, %s]", tt.attempt, d, tt.min, tt.max)
			}
			seen[d] = true
		}
		if len(seen) < 2 {
			t.Errorf("pollDelay(%d) returned one value in 200 calls, want jitter", tt.attempt)
		}
	}
}
