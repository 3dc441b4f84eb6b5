package idempotency

import (
	"strings"
	"testing"
)

func TestHashKey(t *testing.T) {
	t.Parallel()
	// SHA-256 of the empty string and of "abc", from FIPS 180-2.
	tests := map[string]string{
		"":    "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855",
		"abc": "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
	}
	for key, want := range tests {
		if got := hashKey(key); got != want {
			t.Errorf("hashKey(%q) = %s, want %s", key, got, want)
		}
	}
}

func FuzzHashKey(f *testing.F) {
	for _, seed := range []string{"", "abc", "workspace-1/ext-1", "{tag}*?[x]\r\n", "é\x00\xff", strings.Repeat("ж", 255)} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, key string) {
		h := hashKey(key)
		if len(h) != 64 {
			t.Fatalf("hashKey(%q) has %d characters, want 64", key, len(h))
		}
		if strings.Trim(h, "0123456789abcdef") != "" {
			t.Fatalf("hashKey(%q) = %q, want lowercase hex only", key, h)
		}
		if hashKey(key) != h {
			t.Fatalf("hashKey(%q) changed between calls", key)
		}
		if hashKey(key+"x") == h {
			t.Fatalf("hashKey(%q) equals the hash of the key with a suffix", key)
		}
	})
}
