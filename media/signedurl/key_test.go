package signedurl

import (
	"bytes"
	"encoding/base64"
	"encoding/hex"
	"strings"
	"testing"
)

func TestParseKey(t *testing.T) {
	t.Parallel()
	key := make([]byte, MinKeySize)
	for i := range key {
		key[i] = byte(0xf0 + i)
	}
	long := bytes.Repeat([]byte{0xab, 0xcd}, MinKeySize)

	tests := []struct {
		name  string
		value string
		want  []byte
		rule  string
	}{
		{"hex", hex.EncodeToString(key), key, ""},
		{"upper hex", strings.ToUpper(hex.EncodeToString(key)), key, ""},
		{"std base64", base64.StdEncoding.EncodeToString(key), key, ""},
		{"raw std base64", base64.RawStdEncoding.EncodeToString(key), key, ""},
		{"url base64", base64.URLEncoding.EncodeToString(key), key, ""},
		{"raw url base64", base64.RawURLEncoding.EncodeToString(key), key, ""},
		{"surrounding space", " \t" + hex.EncodeToString(key) + "\n", key, ""},
		{"long key", base64.StdEncoding.EncodeToString(long), long, ""},

		{"empty", "", nil, "empty"},
		{"blank", " \n", nil, "empty"},
		{"short hex", hex.EncodeToString(key[:MinKeySize-1]), nil, "decodes to 31 bytes, fewer than 32"},
		{"short base64", base64.StdEncoding.EncodeToString(key[:16]), nil, "decodes to 16 bytes, fewer than 32"},
		{"odd hex", hex.EncodeToString(key)[1:], nil, "odd number of digits"},
		{"not an encoding", strings.Repeat("!", 64), nil, "neither hex nor base64"},
		{"inner space", hex.EncodeToString(key[:16]) + " " + hex.EncodeToString(key[16:]), nil, "neither hex nor base64"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, err := ParseKey(tt.value)
			if tt.rule == "" {
				if err != nil {
					t.Fatalf("ParseKey = %v, want nil", err)
				}
				if !bytes.Equal(got, tt.want) {
					t.Errorf("ParseKey = %x, want %x", got, tt.want)
				}
				return
			}

			if err == nil {
				t.Fatalf("ParseKey = %x, want an error containing %q", got, tt.rule)
			}
			if !strings.Contains(err.Error(), tt.rule) {
				t.Errorf("ParseKey error %q does not name the rule %q", err, tt.rule)
			}
			if !strings.Contains(err.Error(), "MEDIA_SIGNING_KEY") {
				t.Errorf("ParseKey error %q does not name MEDIA_SIGNING_KEY", err)
			}
			if trimmed := strings.TrimSpace(tt.value); len(trimmed) >= 8 && strings.Contains(err.Error(), trimmed) {
				t.Errorf("ParseKey error %q contains the secret value", err)
			}
		})
	}
}

func TestGenerateKey(t *testing.T) {
	t.Parallel()
	a, err := GenerateKey()
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}
	b, err := GenerateKey()
	if err != nil {
		t.Fatalf("GenerateKey: %v", err)
	}

	if len(a) != MinKeySize {
		t.Errorf("len = %d, want %d", len(a), MinKeySize)
	}
	if bytes.Equal(a, b) {
		t.Error("two generated keys are equal")
	}
	if _, err := NewSigner(a, testTTL, nil); err != nil {
		t.Errorf("NewSigner with a generated key: %v", err)
	}
	parsed, err := ParseKey(hex.EncodeToString(a))
	if err != nil || !bytes.Equal(parsed, a) {
		t.Errorf("ParseKey(hex of generated key) = %x, %v; want %x", parsed, err, a)
	}
}

// FuzzParseKey checks that ParseKey never panics, never accepts a short
// key, never puts the value in an error, and reads back hex of any key.
func FuzzParseKey(f *testing.F) {
	for _, seed := range []string{
		"", " ", strings.Repeat("0", 64), strings.Repeat("0", 63), strings.Repeat("A", 44),
		strings.Repeat("g", 64), base64.StdEncoding.EncodeToString(bytes.Repeat([]byte{0xff}, 32)),
		"====", "\x00\xff", strings.Repeat("ab", 31) + "\n",
	} {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, value string) {
		key, err := ParseKey(value)
		if err != nil {
			if trimmed := strings.TrimSpace(value); len(trimmed) >= 16 && strings.Contains(err.Error(), trimmed) {
				t.Fatalf("error %q contains the value", err)
			}
		} else if len(key) < MinKeySize {
			t.Fatalf("ParseKey(%q) accepted a %d-byte key", value, len(key))
		}

		// Any byte string of the right size, written in hex, parses back.
		raw := []byte(value)
		if len(raw) < MinKeySize {
			return
		}
		back, err := ParseKey(hex.EncodeToString(raw))
		if err != nil || !bytes.Equal(back, raw) {
			t.Fatalf("ParseKey(hex of %x) = %x, %v", raw, back, err)
		}

		// So does base64, unless it happens to consist of hex digits only.
		encoded := base64.StdEncoding.EncodeToString(raw)
		if isHex(encoded) {
			return
		}
		back, err = ParseKey(encoded)
		if err != nil || !bytes.Equal(back, raw) {
			t.Fatalf("ParseKey(base64 of %x) = %x, %v", raw, back, err)
		}
	})
}
