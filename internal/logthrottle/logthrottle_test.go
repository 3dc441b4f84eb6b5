package logthrottle

import (
	"testing"
	"time"
)

func TestLogThrottle(t *testing.T) {
	t.Parallel()
	start := time.Date(2025, 1, 1, 0, 0, 0, 0, time.UTC)
	steps := []struct {
		name           string
		at             time.Duration
		wantOK         bool
		wantSuppressed int
	}{
		{name: "first logs", at: 0, wantOK: true},
		{name: "repeat suppressed", at: time.Second, wantOK: false},
		{name: "repeat before interval", at: 9 * time.Second, wantOK: false},
		{name: "after interval counts", at: 10 * time.Second, wantOK: true, wantSuppressed: 2},
		{name: "count resets", at: 11 * time.Second, wantOK: false},
		{name: "next interval", at: 25 * time.Second, wantOK: true, wantSuppressed: 1},
	}

	throttle := New(10 * time.Second)
	var now time.Time
	throttle.now = func() time.Time { return now }
	for _, step := range steps {
		now = start.Add(step.at)
		ok, suppressed := throttle.Allow()
		if ok != step.wantOK {
			t.Errorf("%s: Allow ok = %v, want %v", step.name, ok, step.wantOK)
		}
		if suppressed != step.wantSuppressed {
			t.Errorf("%s: suppressed = %d, want %d", step.name, suppressed, step.wantSuppressed)
		}
	}
}
