package blob

import (
	"errors"
	"path/filepath"
	"strings"
	"testing"
)

func TestValidateKey(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		key   string
		valid bool
	}{
		{"plain", "recording.mp4", true},
		{"uuid and suffix", "0b6e2c3a-8f1d-4c55-9a57-2f0b1c7e9d10/recording.mp4", true},
		{"all byte classes", "aZ09-_./x", true},
		{"dot prefix segment", ".hidden/a", true},
		{"three dots", ".../a", true},
		{"max length", strings.Repeat("a", MaxKeyLen), true},

		{"empty", "", false},
		{"too long", strings.Repeat("a", MaxKeyLen+1), false},
		{"leading slash", "/etc/passwd", false},
		{"trailing slash", "a/", false},
		{"double slash", "a//b", false},
		{"dot segment", "a/./b", false},
		{"dot only", ".", false},
		{"dotdot only", "..", false},
		{"dotdot prefix", "../a", false},
		{"dotdot middle", "a/../b", false},
		{"dotdot end", "a/..", false},
		{"backslash", `a\..\b`, false},
		{"space", "a b", false},
		{"tilde", "~tmp-a", false},
		{"percent", "a%2F..", false},
		{"colon", "c:a", false},
		{"nul", "a\x00b", false},
		{"newline", "a\nb", false},
		{"non-ascii", "caf\u00e9", false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := ValidateKey(tt.key)
			if tt.valid && err != nil {
				t.Errorf("ValidateKey(%q) = %v, want nil", tt.key, err)
			}
			if !tt.valid && !errors.Is(err, ErrInvalidKey) {
				t.Errorf("ValidateKey(%q) = %v, want ErrInvalidKey", tt.key, err)
			}
		})
	}
}

// FuzzValidateKey checks that every accepted key is a clean relative path
// that resolves inside the store's directory and cannot name a temporary
// file.
func FuzzValidateKey(f *testing.F) {
	for _, seed := range []string{
		"a", "e1/recording.mp4", "..", "a/../b", "/abs", "a//b", ".", "...", ".a/..b",
		`..\x`, "~tmp-a", "a/", strings.Repeat("a/", 100), "a\x00", "\u00e9",
	} {
		f.Add(seed)
	}

	const dir = "/srv/media"
	f.Fuzz(func(t *testing.T, key string) {
		err := ValidateKey(key)
		if err != nil {
			if !errors.Is(err, ErrInvalidKey) {
				t.Fatalf("ValidateKey(%q) = %v, want an error wrapping ErrInvalidKey", key, err)
			}
			return
		}

		native := filepath.FromSlash(key)
		if !filepath.IsLocal(native) {
			t.Fatalf("accepted key %q is not a local path", key)
		}
		if filepath.Clean(native) != native {
			t.Fatalf("accepted key %q is not clean: Clean gives %q", key, filepath.Clean(native))
		}

		joined := filepath.Join(dir, native)
		if !strings.HasPrefix(joined, dir+string(filepath.Separator)) {
			t.Fatalf("accepted key %q resolves to %q, outside %q", key, joined, dir)
		}

		for segment := range strings.SplitSeq(key, "/") {
			if strings.HasPrefix(segment, tempPrefix) {
				t.Fatalf("accepted key %q names a temporary file", key)
			}
		}
	})
}
