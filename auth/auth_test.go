package auth

import (
	"bytes"
	"strings"
	"testing"
)

func TestNewTokenIsRandomAndHashed(t *testing.T) {
	t.Parallel()
	a, hashA, err := NewToken()
	if err != nil {
		t.Fatal(err)
	}
	b, _, _ := NewToken()
	if a == b {
		t.Error("two tokens are equal")
	}
	if !bytes.Equal(hashA, HashToken(a)) {
		t.Error("NewToken's hash differs from HashToken of the token")
	}
	if bytes.Contains(hashA, []byte(a)) {
		t.Error("the hash contains the token")
	}
	// 32 random bytes in unpadded base64url: 43 characters after the prefix.
	if len(a) != len(tokenPrefix)+43 {
		t.Errorf("token length = %d, want %d", len(a), len(tokenPrefix)+43)
	}
	if _, err := ParseBearer("Bearer " + a); err != nil {
		t.Errorf("ParseBearer rejects a new token: %v", err)
	}
}

func TestParseBearerRejectsHostileHeaders(t *testing.T) {
	t.Parallel()
	valid, _, _ := NewToken()
	cases := map[string]string{
		"empty":              "",
		"scheme only":        "Bearer",
		"empty token":        "Bearer ",
		"basic scheme":       "Basic " + valid,
		"no space":           "Bearer" + valid,
		"two spaces":         "Bearer  " + valid,
		"trailing space":     "Bearer " + valid + " ",
		"tab separator":      "Bearer\t" + valid,
		"prefix only":        "Bearer egm_",
		"wrong prefix":       "Bearer abc_" + valid[len(tokenPrefix):],
		"padding":            "Bearer " + valid + "=",
		"plus and slash":     "Bearer egm_ab+c/d",
		"NUL byte":           "Bearer egm_abc\x00def",
		"newline":            "Bearer egm_abc\ndef",
		"non-ASCII":          "Bearer egm_abcé",
		"sql":                "Bearer egm_' OR '1'='1",
		"oversized":          "Bearer egm_" + strings.Repeat("a", maxTokenLen),
		"second credentials": "Bearer " + valid + ", Bearer " + valid,
	}
	for name, header := range cases {
		if _, err := ParseBearer(header); err == nil {
			t.Errorf("%s: ParseBearer(%q) succeeded, want ErrUnauthenticated", name, header)
		}
	}
	if got, err := ParseBearer("bearer " + valid); err != nil || got != valid {
		t.Errorf("lower-case scheme: got %q, %v; want the token", got, err)
	}
}

func TestParseScopes(t *testing.T) {
	t.Parallel()
	got, err := ParseScopes(" engagements:read, engagements:write,engagements:read ")
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 2 || got[0] != ScopeRead || got[1] != ScopeWrite {
		t.Errorf("scopes = %v, want read and write once each", got)
	}
	for _, bad := range []string{"", " , ", "admin", "engagements:read,admin", "ENGAGEMENTS:READ"} {
		if _, err := ParseScopes(bad); err == nil {
			t.Errorf("ParseScopes(%q) succeeded, want an error", bad)
		}
	}
	_, err = ParseScopes("admin")
	if err == nil || !strings.Contains(err.Error(), "engagements:private:read") {
		t.Errorf("error %v does not list the valid scopes", err)
	}
}

func TestPrincipalHas(t *testing.T) {
	t.Parallel()
	p := &Principal{Scopes: []Scope{ScopeRead}}
	if !p.Has(ScopeRead) || p.Has(ScopeWrite) || p.Has(ScopePrivateRead) {
		t.Errorf("Has on %v is wrong", p.Scopes)
	}
}

func FuzzParseBearer(f *testing.F) {
	valid, _, _ := NewToken()
	f.Add("Bearer " + valid)
	f.Add("Bearer egm_")
	f.Add("Basic x")
	f.Add("bEaReR egm_a-b_c")
	f.Fuzz(func(t *testing.T, header string) {
		token, err := ParseBearer(header)
		if err != nil {
			return
		}
		// An accepted token is prefixed, bounded and plain base64url, so
		// nothing odd reaches the hash or the logs.
		if !strings.HasPrefix(token, tokenPrefix) || len(token) > maxTokenLen || len(token) <= len(tokenPrefix) {
			t.Fatalf("accepted %q", token)
		}
		for i := len(tokenPrefix); i < len(token); i++ {
			if !isBase64URL(token[i]) {
				t.Fatalf("accepted %q with byte %q", token, token[i])
			}
		}
		if !strings.HasSuffix(header, token) {
			t.Fatalf("token %q is not the end of header %q", token, header)
		}
	})
}
