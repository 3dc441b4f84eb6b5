package ratelimit

import (
	"errors"
	"fmt"
	"time"
)

// ErrInvalidRate is wrapped by the error that Rate.Validate returns.
var ErrInvalidRate = errors.New("invalid rate")

// maxSpan is the longest time in microseconds that a key may take to
// refill, 2^52 µs or about 142 years. The script computes in Lua numbers,
// which are float64 and exact for whole numbers below 2^53. Redis server
// time in microseconds stays below 2^52 until the year 2112, so until then
// server time plus this span is exact too.
const maxSpan = 1 << 52

// Rate is a limit of Limit requests per Period, of which up to Burst may
// come at once. Requests beyond the burst are allowed one per emission
// interval, Period / Limit.
type Rate struct {
	// Limit is the number of requests per Period, at least 1.
	Limit int
	// Period is the time window of Limit.
	Period time.Duration
	// Burst is the number of requests allowed at once on an idle key.
	// 0 means Limit.
	Burst int
}

// Validate returns an error wrapping ErrInvalidRate unless Limit is at
// least 1, Burst is not negative, the emission interval (Period / Limit)
// is at least one microsecond and a full burst refills within 142 years.
// Call it when loading configuration,
// because Allow lets requests through on an invalid rate.
func (r Rate) Validate() error {
	switch {
	case r.Limit < 1:
		return fmt.Errorf("%w: limit %d, want at least 1 request per period", ErrInvalidRate, r.Limit)
	case r.Period <= 0:
		return fmt.Errorf("%w: period %s, want a positive duration", ErrInvalidRate, r.Period)
	case r.Burst < 0:
		return fmt.Errorf("%w: burst %d, want 0 (same as limit) or more", ErrInvalidRate, r.Burst)
	case r.Period.Microseconds() < int64(r.Limit):
		return fmt.Errorf("%w: %d requests per %s is more than one per microsecond; lower the limit or lengthen the period",
			ErrInvalidRate, r.Limit, r.Period)
	case r.interval() > maxSpan/int64(r.burst()):
		return fmt.Errorf("%w: burst %d at one request per %s takes more than 142 years to refill; lower the burst or the period",
			ErrInvalidRate, r.burst(), time.Duration(r.interval())*time.Microsecond)
	}
	return nil
}

// interval returns the emission interval in whole microseconds, because
// Redis server time has microsecond resolution. It rounds to the nearest
// microsecond, so the real limit may differ from Limit per Period by less
// than one microsecond per request.
func (r Rate) interval() int64 {
	period := r.Period.Microseconds()
	limit := int64(r.Limit)
	return max(1, (period+limit/2)/limit)
}

// burst returns the number of requests allowed at once.
func (r Rate) burst() int {
	if r.Burst == 0 {
		return r.Limit
	}
	return r.Burst
}
