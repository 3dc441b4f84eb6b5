package engagement_test

import (
	"testing"

	"engagements/engagement"
)

func TestNormalizeEmail(t *testing.T) {
	t.Parallel()

	tests := []struct {
		in, want string
	}{
		{"ann@example.com", "ann@example.com"},
		{"Ann@Example.COM", "ann@example.com"},
		{"  ann@example.com\t\n", "ann@example.com"},
		{"\u00a0ANN@EXAMPLE.COM\u3000", "ann@example.com"},
		{"ÄNN@EXAMPLE.COM", "änn@example.com"},
		{"", ""},
	}
	for _, tt := range tests {
		if got := engagement.NormalizeEmail(tt.in); got != tt.want {
			t.Errorf("NormalizeEmail(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
}
