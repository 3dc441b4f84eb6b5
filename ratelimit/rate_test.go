package ratelimit

import (
	"errors"
	"testing"
	"time"
)

func TestRateValidate(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		rate    Rate
		wantErr bool
	}{
		{name: "per second", rate: Rate{Limit: 10, Period: time.Second}},
		{name: "with burst", rate: Rate{Limit: 10, Period: time.Second, Burst: 50}},
		{name: "one per microsecond", rate: Rate{Limit: 1000, Period: time.Millisecond}},
		{name: "zero limit", rate: Rate{Limit: 0, Period: time.Second}, wantErr: true},
		{name: "negative limit", rate: Rate{Limit: -1, Period: time.Second}, wantErr: true},
		{name: "zero period", rate: Rate{Limit: 1}, wantErr: true},
		{name: "negative period", rate: Rate{Limit: 1, Period: -time.Second}, wantErr: true},
		{name: "negative burst", rate: Rate{Limit: 1, Period: time.Second, Burst: -1}, wantErr: true},
		{name: "faster than microsecond", rate: Rate{Limit: 1001, Period: time.Millisecond}, wantErr: true},
		{name: "refill too long", rate: Rate{Limit: 1, Period: 24 * time.Hour, Burst: 1 << 20}, wantErr: true},
		{name: "max period", rate: Rate{Limit: 1, Period: 1 << 62}, wantErr: true},
	}
	for _, tt := range tests {
		err := tt.rate.Validate()
		if tt.wantErr && !errors.Is(err, ErrInvalidRate) {
			t.Errorf("%s: Validate(%+v) = %v, want ErrInvalidRate", tt.name, tt.rate, err)
		}
		if !tt.wantErr && err != nil {
			t.Errorf("%s: Validate(%+v) = %v, want nil", tt.name, tt.rate, err)
		}
	}
}

func TestRateInterval(t *testing.T) {
	t.Parallel()
	tests := []struct {
		rate Rate
		want int64
	}{
		{rate: Rate{Limit: 10, Period: 500 * time.Millisecond}, want: 50_000},
		{rate: Rate{Limit: 3, Period: time.Second}, want: 333_333},
		{rate: Rate{Limit: 3, Period: 2 * time.Second}, want: 666_667},
		{rate: Rate{Limit: 1000, Period: time.Millisecond}, want: 1},
	}
	for _, tt := range tests {
		if got := tt.rate.interval(); got != tt.want {
			t.Errorf("%+v interval() = %d µs, want %d", tt.rate, got, tt.want)
		}
	}
}

func FuzzRateValidate(f *testing.F) {
	f.Add(10, int64(time.Second), 0)
	f.Add(1, int64(1), 0)
	f.Add(1000, int64(time.Millisecond), 1)
	f.Add(-1, int64(-1), -1)
	f.Add(1, int64(1<<62), 1<<40)
	f.Add(1<<62, int64(1<<62), 1<<62)
	f.Fuzz(func(t *testing.T, limit int, period int64, burst int) {
		rate := Rate{Limit: limit, Period: time.Duration(period), Burst: burst}
		if err := rate.Validate(); err != nil {
			if !errors.Is(err, ErrInvalidRate) {
				t.Fatalf("Validate(%+v) = %v, want an error wrapping ErrInvalidRate", rate, err)
			}
			return
		}

		// A valid rate must give the script numbers it can compute with.
		interval, b := rate.interval(), int64(rate.burst())
		if interval < 1 {
			t.Fatalf("valid %+v has interval %d µs, want at least 1", rate, interval)
		}
		if b < 1 {
			t.Fatalf("valid %+v has burst %d, want at least 1", rate, b)
		}
		if interval > maxSpan/b {
			t.Fatalf("valid %+v refills in %d × %d µs, more than %d µs", rate, b, interval, int64(maxSpan))
		}
	})
}
