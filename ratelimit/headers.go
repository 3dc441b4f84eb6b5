package ratelimit

import (
	"net/http"
	"strconv"
	"time"
)

// SetHeaders writes RateLimit-Limit, RateLimit-Remaining and
// RateLimit-Reset, the seconds until the key is full again, to h. When r
// was not allowed it also writes Retry-After, the seconds until a request
// would be allowed, at least 1. Both durations round up to whole seconds,
// so a client that waits the stated time is never early.
func SetHeaders(h http.Header, r Result) {
	h.Set("RateLimit-Limit", strconv.Itoa(r.Limit))
	h.Set("RateLimit-Remaining", strconv.Itoa(r.Remaining))
	h.Set("RateLimit-Reset", strconv.FormatInt(ceilSeconds(r.ResetAfter), 10))
	if !r.Allowed {
		h.Set("Retry-After", strconv.FormatInt(max(1, ceilSeconds(r.RetryAfter)), 10))
	}
}

// ceilSeconds returns d in whole seconds, rounded up, and 0 for a
// negative d.
func ceilSeconds(d time.Duration) int64 {
	if d <= 0 {
		return 0
	}
	seconds := int64(d / time.Second)
	if d%time.Second != 0 {
		seconds++
	}
	return seconds
}
