package resolvers

import (
	"encoding/base64"
	"testing"
	"time"

	"github.com/google/uuid"

	"engagements/engagement"
)

func TestCursorRoundTrip(t *testing.T) {
	t.Parallel()
	c := engagement.Cursor{CreatedAt: time.Date(2026, 3, 14, 9, 26, 53, 123456000, time.UTC), ID: uuid.New()}
	got, err := decodeCursor(encodeCursor(c))
	if err != nil {
		t.Fatal(err)
	}
	if !got.CreatedAt.Equal(c.CreatedAt) || got.ID != c.ID {
		t.Errorf("round trip = %+v, want %+v", got, c)
	}
}

func TestDecodeCursorRejectsMalformed(t *testing.T) {
	t.Parallel()
	id := uuid.NewString()
	enc := func(s string) string { return base64.RawURLEncoding.EncodeToString([]byte(s)) }
	for name, s := range map[string]string{
		"empty":          "",
		"not base64":     "%%%",
		"old version":    enc("v0:1:" + id),
		"missing part":   enc("v1:1"),
		"extra part":     enc("v1:1:" + id + ":x"),
		"leading zero":   enc("v1:01:" + id),
		"plus sign":      enc("v1:+1:" + id),
		"not a number":   enc("v1:abc:" + id),
		"upper-case id":  enc("v1:1:" + "A" + id[1:]),
		"bad id":         enc("v1:1:not-a-uuid"),
		"too long input": enc("v1:1:" + id + string(make([]byte, 100))),
		"line break":     enc("v1:1:"+id) + "\n",
		"negative time":  enc("v1:-9223372036854775808:" + id),
		"far future":     enc("v1:9223372036854775807:" + id),
	} {
		if _, err := decodeCursor(s); err == nil {
			t.Errorf("%s: decodeCursor(%q) succeeded", name, s)
		}
	}
}

func FuzzDecodeCursor(f *testing.F) {
	f.Add(encodeCursor(engagement.Cursor{CreatedAt: time.Unix(0, 0), ID: uuid.New()}))
	f.Add("")
	f.Add("djE6MTow")
	f.Fuzz(func(t *testing.T, s string) {
		c, err := decodeCursor(s)
		if err != nil {
			return
		}
		// Every accepted cursor is the one encoding of its position.
		if again := encodeCursor(c); again != s {
			t.Fatalf("decodeCursor(%q) accepted a non-canonical cursor; canonical is %q", s, again)
		}
	})
}
