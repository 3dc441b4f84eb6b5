package idempotency

import (
	"testing"
	"time"
)

func TestConfigDefaults(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		in   Config
		want Config
	}{
		{name: "zero", in: Config{}, want: Config{TTL: DefaultTTL, Wait: DefaultWait, Prefix: DefaultPrefix}},
		{name: "negative", in: Config{TTL: -1, Wait: -1}, want: Config{TTL: DefaultTTL, Wait: DefaultWait, Prefix: DefaultPrefix}},
		{
			name: "set",
			in:   Config{TTL: time.Minute, Wait: time.Second, Prefix: "p:"},
			want: Config{TTL: time.Minute, Wait: time.Second, Prefix: "p:"},
		},
	}
	for _, tt := range tests {
		if got := tt.in.withDefaults(); got != tt.want {
			t.Errorf("%s: withDefaults() = %+v, want %+v", tt.name, got, tt.want)
		}
	}
}
