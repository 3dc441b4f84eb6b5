package ratelimit

import (
	"sync"
	"time"
)

// warnInterval is the minimum time between two degradation warnings, so
// that a Redis outage under load logs a few lines instead of one per
// request.
const warnInterval = 10 * time.Second

// logThrottle lets one log line through per interval and counts the lines
// it held back in between.
type logThrottle struct {
	interval time.Duration
	now      func() time.Time

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

func newLogThrottle(interval time.Duration) *logThrottle {
	return &logThrottle{interval: interval, now: time.Now}
}

// allow reports whether a line may be logged now and, if so, how many
// lines were suppressed since the last one that was logged.
func (t *logThrottle) allow() (ok bool, suppressed int) {
	t.mu.Lock()
	defer t.mu.Unlock()

	now := t.now()
	if !t.last.IsZero() && now.Sub(t.last) < t.interval {
		t.suppressed++
		return false, 0
	}

	suppressed = t.suppressed
	t.last = now
	t.suppressed = 0
	return true, suppressed
}
