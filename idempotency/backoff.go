package idempotency

import (
	"math/rand/v2"
	"time"
)

// Poll delays: the first retry comes soon because most creates finish in
// a few milliseconds, and the cap keeps a crowd of waiters from flooding
// Redis while a slow create holds the key.
const (
	minPollDelay = 5 * time.Millisecond
	maxPollDelay = 100 * time.Millisecond
)

// pollDelay returns the pause before retry number attempt (from 0): the
// delay doubles from minPollDelay up to maxPollDelay, and a random half of
// it is dropped so that waiters which started together spread out.
func pollDelay(attempt int) time.Duration {
	delay := maxPollDelay
	if attempt < 8 && minPollDelay<<attempt < maxPollDelay {
		delay = minPollDelay << attempt
	}

	half := delay / 2
	return half + rand.N(half+1)
}
