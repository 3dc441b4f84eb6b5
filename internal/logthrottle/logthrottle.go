// Package logthrottle limits repeated log lines, such as the warnings of an
// outage that every request would otherwise log.
package logthrottle

import (
	"sync"
	"time"
)

// WarnInterval is the minimum time between two degradation warnings, so
// that a Redis outage under load logs a few lines instead of one per
// request.
const WarnInterval = 10 * time.Second

// Throttle lets one log line through per interval and counts the lines
// it held back in between.
type Throttle struct {
	interval time.Duration
	now      func() time.Time

	mu         sync.Mutex
	last       time.Time
	suppressed int
}

// New returns a Throttle that lets one line through per interval.
func New(interval time.Duration) *Throttle {
	return &Throttle{interval: interval, now: time.Now}
}

// Allow reports whether a line may be logged now and, if so, how many
// lines were suppressed since the last one that was logged.
func (t *Throttle) Allow() (ok bool, suppressed int) {
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
