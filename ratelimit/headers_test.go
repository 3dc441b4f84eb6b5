package ratelimit

import (
	"net/http"
	"strconv"
	"testing"
	"time"
)

func TestSetHeaders(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		result Result
		want   map[string]string
	}{
		{
			name:   "allowed",
			result: Result{Allowed: true, Limit: 10, Remaining: 7, ResetAfter: 2500 * time.Millisecond},
			want:   map[string]string{"RateLimit-Limit": "10", "RateLimit-Remaining": "7", "RateLimit-Reset": "3", "Retry-After": ""},
		},
		{
			name:   "allowed whole seconds",
			result: Result{Allowed: true, Limit: 10, Remaining: 9, ResetAfter: 2 * time.Second},
			want:   map[string]string{"RateLimit-Limit": "10", "RateLimit-Remaining": "9", "RateLimit-Reset": "2", "Retry-After": ""},
		},
		{
			name:   "rejected rounds up",
			result: Result{Limit: 5, ResetAfter: 4100 * time.Millisecond, RetryAfter: 1100 * time.Millisecond},
			want:   map[string]string{"RateLimit-Limit": "5", "RateLimit-Remaining": "0", "RateLimit-Reset": "5", "Retry-After": "2"},
		},
		{
			name:   "rejected below a second",
			result: Result{Limit: 5, ResetAfter: 40 * time.Millisecond, RetryAfter: 30 * time.Millisecond},
			want:   map[string]string{"RateLimit-Limit": "5", "RateLimit-Remaining": "0", "RateLimit-Reset": "1", "Retry-After": "1"},
		},
		{
			name:   "rejected zero retry",
			result: Result{Limit: 5},
			want:   map[string]string{"RateLimit-Limit": "5", "RateLimit-Remaining": "0", "RateLimit-Reset": "0", "Retry-After": "1"},
		},
	}
	for _, tt := range tests {
		h := http.Header{}
		SetHeaders(h, tt.result)
		for name, want := range tt.want {
			if got := h.Get(name); got != want {
				t.Errorf("%s: %s = %q, want %q", tt.name, name, got, want)
			}
		}
	}
}

func FuzzSetHeaders(f *testing.F) {
	f.Add(true, 10, 9, int64(time.Second), int64(0))
	f.Add(false, 10, 0, int64(1500*time.Millisecond), int64(time.Nanosecond))
	f.Add(false, 1, 0, int64(-1), int64(-1))
	f.Add(false, 1, 0, int64(1<<63-1), int64(1<<63-1))
	f.Fuzz(func(t *testing.T, allowed bool, limit, remaining int, resetAfter, retryAfter int64) {
		r := Result{
			Allowed:    allowed,
			Limit:      limit,
			Remaining:  remaining,
			ResetAfter: time.Duration(resetAfter),
			RetryAfter: time.Duration(retryAfter),
		}
		h := http.Header{}
		SetHeaders(h, r)

		reset, err := strconv.ParseInt(h.Get("RateLimit-Reset"), 10, 64)
		if err != nil || reset < 0 {
			t.Fatalf("RateLimit-Reset = %q for %+v, want a non-negative integer", h.Get("RateLimit-Reset"), r)
		}
		if r.ResetAfter > 0 {
			whole := int64(r.ResetAfter / time.Second)
			exact := r.ResetAfter%time.Second == 0
			if (exact && reset != whole) || (!exact && reset != whole+1) {
				t.Fatalf("RateLimit-Reset = %d s for ResetAfter %s, want it rounded up to whole seconds", reset, r.ResetAfter)
			}
		}

		retry := h.Get("Retry-After")
		if allowed {
			if retry != "" {
				t.Fatalf("Retry-After = %q on an allowed result, want none", retry)
			}
			return
		}
		seconds, err := strconv.ParseInt(retry, 10, 64)
		if err != nil || seconds < 1 {
			t.Fatalf("Retry-After = %q for %+v, want an integer of at least 1", retry, r)
		}
	})
}
