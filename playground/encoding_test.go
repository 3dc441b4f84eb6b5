package playground

import (
	"strings"
	"testing"
)

func TestAcceptsGzip(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name   string
		values []string
		want   bool
	}{
		{"absent", nil, false},
		{"empty", []string{""}, false},
		{"gzip", []string{"gzip"}, true},
		{"upper case", []string{"GZIP"}, true},
		{"x-gzip alias", []string{"x-gzip"}, true},
		{"among others", []string{"deflate, gzip, br"}, true},
		{"browser default", []string{"gzip, deflate, br, zstd"}, true},
		{"second header line", []string{"br", "gzip"}, true},
		{"quality", []string{"gzip;q=0.5"}, true},
		{"quality spaced", []string{"gzip ; q = 0.5"}, true},
		{"quality zero", []string{"gzip;q=0"}, false},
		{"quality zero decimals", []string{"gzip;q=0.000"}, false},
		{"quality above one", []string{"gzip;q=2"}, false},
		{"quality negative", []string{"gzip;q=-1"}, false},
		{"quality NaN", []string{"gzip;q=NaN"}, false},
		{"quality not a number", []string{"gzip;q=high"}, false},
		{"other parameter", []string{"gzip;level=9"}, true},
		{"wildcard", []string{"*"}, true},
		{"wildcard zero", []string{"*;q=0"}, false},
		{"gzip refused despite wildcard", []string{"gzip;q=0, *"}, false},
		{"gzip allowed despite wildcard zero", []string{"gzip, *;q=0"}, true},
		{"identity only", []string{"identity"}, false},
		{"brotli only", []string{"br"}, false},
		{"substring", []string{"gzipped"}, false},
		{"duplicate takes highest", []string{"gzip;q=0, gzip;q=1"}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			if got := acceptsGzip(tt.values); got != tt.want {
				t.Errorf("acceptsGzip(%q) = %v, want %v", tt.values, got, tt.want)
			}
		})
	}
}

func FuzzAcceptsGzip(f *testing.F) {
	for _, seed := range []string{
		"", "gzip", "x-gzip;q=0.1", "gzip;q=0, *", "*;q=0", "br, deflate",
		"gzip;q=NaN", "gzip;q=1e-3", "gzip;;q=", ",,,;", "GZip ; Q=0.5 ; x=y",
	} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, header string) {
		got := acceptsGzip([]string{header})

		// Without the tokens gzip or "*" the header cannot allow gzip.
		lower := strings.ToLower(header)
		if got && !strings.Contains(lower, "gzip") && !strings.Contains(lower, "*") {
			t.Errorf("acceptsGzip(%q) = true without gzip or *", header)
		}

		// Splitting the elements over two header lines changes nothing.
		if before, after, ok := strings.Cut(header, ","); ok {
			if split := acceptsGzip([]string{before, after}); split != got {
				t.Errorf("acceptsGzip(%q) = %v, but split into two lines = %v", header, got, split)
			}
		}

		// An identity element, which does not mention gzip, changes nothing.
		if with := acceptsGzip([]string{header + ", identity"}); with != got {
			t.Errorf("acceptsGzip(%q) = %v, but %v with identity appended", header, got, with)
		}
	})
}
