package signedurl

import (
	"bytes"
	"errors"
	"fmt"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// testNow is the fixed clock of most tests.
var testNow = time.Date(2030, 1, 2, 3, 4, 5, 600_000_000, time.UTC)

const testTTL = 15 * time.Minute

func testKey() []byte {
	return bytes.Repeat([]byte{0x5a}, MinKeySize)
}

func newTestSigner(t testing.TB, now func() time.Time) *Signer {
	t.Helper()
	s, err := NewSigner(testKey(), testTTL, now)
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}
	return s
}

func fixedClock(at time.Time) func() time.Time {
	return func() time.Time { return at }
}

// splitLink returns the id, expires and sig of a link from Signer.URL.
func splitLink(t testing.TB, link string) (id, expires, sig string) {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("parse link %q: %v", link, err)
	}
	id, ok := strings.CutPrefix(u.Path, "/media/")
	if !ok {
		t.Fatalf("link %q does not start with /media/", link)
	}
	q := u.Query()
	return id, q.Get("expires"), q.Get("sig")
}

func TestNewSigner(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		key  []byte
		ttl  time.Duration
		ok   bool
	}{
		{"valid", testKey(), testTTL, true},
		{"min ttl", testKey(), time.Second, true},
		{"max ttl", testKey(), MaxTTL, true},
		{"long key", bytes.Repeat([]byte{1}, 64), testTTL, true},
		{"short key", testKey()[:MinKeySize-1], testTTL, false},
		{"nil key", nil, testTTL, false},
		{"zero ttl", testKey(), 0, false},
		{"negative ttl", testKey(), -time.Minute, false},
		{"sub-second ttl", testKey(), 999 * time.Millisecond, false},
		{"ttl over max", testKey(), MaxTTL + time.Second, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s, err := NewSigner(tt.key, tt.ttl, nil)
			if tt.ok && err != nil {
				t.Errorf("NewSigner = %v, want nil", err)
			}
			if !tt.ok && (err == nil || s != nil) {
				t.Errorf("NewSigner = (%v, %v), want an error", s, err)
			}
		})
	}
}

func TestNewSignerCopiesKey(t *testing.T) {
	t.Parallel()
	key := testKey()
	s, err := NewSigner(key, testTTL, fixedClock(testNow))
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}
	id, expires, sig := splitLink(t, first(s.URL("rec-1")))

	key[0] ^= 0xff
	if err := s.Verify(id, expires, sig); err != nil {
		t.Errorf("Verify after the caller changed its key slice = %v, want nil", err)
	}
}

func TestNewSignerDefaultClock(t *testing.T) {
	t.Parallel()
	s, err := NewSigner(testKey(), testTTL, nil)
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}

	_, expires := s.URL("rec-1")
	if expires.Before(time.Now()) {
		t.Errorf("expiry %s from the default clock is in the past", expires)
	}
}

func TestSignerURL(t *testing.T) {
	t.Parallel()
	s := newTestSigner(t, fixedClock(testNow))

	link, expires := s.URL("rec-1")
	want := testNow.Add(testTTL).Truncate(time.Second)
	if !expires.Equal(want) {
		t.Errorf("expiry = %s, want %s", expires, want)
	}

	pattern := regexp.MustCompile(`^/media/rec-1\?expires=` + strconv.FormatInt(want.Unix(), 10) + `&sig=[A-Za-z0-9_-]{43}$`)
	if !pattern.MatchString(link) {
		t.Errorf("link %q does not match %s", link, pattern)
	}
}

func TestSignerURLEscapesID(t *testing.T) {
	t.Parallel()
	s := newTestSigner(t, fixedClock(testNow))
	const id = "rec one/?&#"

	link, _ := s.URL(id)
	u, err := url.Parse(link)
	if err != nil {
		t.Fatalf("parse %q: %v", link, err)
	}
	if got := strings.TrimPrefix(u.Path, "/media/"); got != id {
		t.Errorf("id in link %q = %q, want %q", link, got, id)
	}
	if len(u.Query()) != 2 {
		t.Errorf("link %q has query %v, want only expires and sig", link, u.Query())
	}
}

func TestVerify(t *testing.T) {
	t.Parallel()
	signed := newTestSigner(t, fixedClock(testNow))
	id, expires, sig := splitLink(t, first(signed.URL("rec-1")))
	exp, _ := strconv.ParseInt(expires, 10, 64)
	expiry := time.Unix(exp, 0)

	otherKey, err := NewSigner(bytes.Repeat([]byte{0x5b}, MinKeySize), testTTL, fixedClock(testNow))
	if err != nil {
		t.Fatal(err)
	}
	otherTTL, err := NewSigner(testKey(), 2*testTTL, fixedClock(testNow))
	if err != nil {
		t.Fatal(err)
	}

	tests := []struct {
		name    string
		signer  *Signer
		id      string
		expires string
		sig     string
		want    error
	}{
		{"valid", signed, id, expires, sig, nil},
		{"tampered id", signed, "rec-2", expires, sig, ErrBadSignature},
		{"id prefix", signed, "rec-", expires, sig, ErrBadSignature},
		{"empty id", signed, "", expires, sig, ErrBadSignature},
		{"tampered expires", signed, id, strconv.FormatInt(exp+1, 10), sig, ErrBadSignature},
		{"earlier expires", signed, id, strconv.FormatInt(exp-1, 10), sig, ErrBadSignature},
		{"tampered sig", signed, id, expires, flipFirst(sig), ErrBadSignature},
		{"truncated sig", signed, id, expires, sig[:len(sig)-1], ErrBadSignature},
		{"extended sig", signed, id, expires, sig + "A", ErrBadSignature},
		{"padded sig", signed, id, expires, sig + "=", ErrBadSignature},
		{"std base64 sig", signed, id, expires, strings.NewReplacer("-", "+", "_", "/").Replace(sig) + "+", ErrBadSignature},
		{"non-canonical last char", signed, id, expires, nonCanonicalLast(sig), ErrBadSignature},
		{"empty sig", signed, id, expires, "", ErrBadSignature},
		{"empty expires", signed, id, "", sig, ErrBadSignature},
		{"plus sign", signed, id, "+" + expires, sig, ErrBadSignature},
		{"leading zero", signed, id, "0" + expires, sig, ErrBadSignature},
		{"leading space", signed, id, " " + expires, sig, ErrBadSignature},
		{"trailing space", signed, id, expires + " ", sig, ErrBadSignature},
		{"negative", signed, id, "-" + expires, sig, ErrBadSignature},
		{"fraction", signed, id, expires + ".0", sig, ErrBadSignature},
		{"overflow", signed, id, "99999999999999999999", sig, ErrBadSignature},
		{"other key", otherKey, id, expires, sig, ErrBadSignature},
		{"other ttl", otherTTL, id, expires, sig, ErrBadSignature},
		{"at expiry", newTestSigner(t, fixedClock(expiry)), id, expires, sig, nil},
		{"just expired", newTestSigner(t, fixedClock(expiry.Add(time.Nanosecond))), id, expires, sig, ErrExpired},
		{"long expired", newTestSigner(t, fixedClock(expiry.Add(24*time.Hour))), id, expires, sig, ErrExpired},
		{"signer clock ahead within skew", newTestSigner(t, fixedClock(testNow.Add(-maxClockSkew))), id, expires, sig, nil},
		{"signer clock ahead beyond skew", newTestSigner(t, fixedClock(testNow.Add(-maxClockSkew-time.Second))), id, expires, sig, ErrBadSignature},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			err := tt.signer.Verify(tt.id, tt.expires, tt.sig)
			if tt.want == nil && err != nil {
				t.Fatalf("Verify = %v, want nil", err)
			}
			if tt.want != nil && !errors.Is(err, tt.want) {
				t.Fatalf("Verify = %v, want %v", err, tt.want)
			}
			if err != nil && tt.sig != "" && strings.Contains(err.Error(), tt.sig) {
				t.Errorf("error %q contains the signature", err)
			}
		})
	}
}

func TestMessageIsInjective(t *testing.T) {
	t.Parallel()
	// The first pair would collide if the message joined the id and the
	// decimal expiry. The second would collide if the id ended at a NUL.
	pairs := [][2]struct {
		id  string
		exp int64
	}{
		{{"a1", 23}, {"a", 123}},
		{{"a\x00b", 1}, {"a", 1}},
	}
	for _, p := range pairs {
		if bytes.Equal(message(p[0].id, p[0].exp, testTTL), message(p[1].id, p[1].exp, testTTL)) {
			t.Errorf("message(%q, %d) equals message(%q, %d)", p[0].id, p[0].exp, p[1].id, p[1].exp)
		}
	}
}

// FuzzMessage checks that two different pairs of id and expiry never give
// the same signed message.
func FuzzMessage(f *testing.F) {
	f.Add("a1", int64(23), "a", int64(123))
	f.Add("a\x00b", int64(1), "a", int64(1))
	f.Add("", int64(-1), "\xff", int64(0))

	f.Fuzz(func(t *testing.T, id1 string, exp1 int64, id2 string, exp2 int64) {
		if id1 == id2 && exp1 == exp2 {
			return
		}
		if bytes.Equal(message(id1, exp1, testTTL), message(id2, exp2, testTTL)) {
			t.Fatalf("message(%q, %d) equals message(%q, %d)", id1, exp1, id2, exp2)
		}
	})
}

func TestSignerStringHidesKey(t *testing.T) {
	t.Parallel()
	s := newTestSigner(t, nil)
	for _, format := range []string{"%v", "%+v", "%#v", "%s"} {
		got := fmt.Sprintf(format, s)
		if strings.Contains(got, "90") || strings.Contains(got, "Z") || strings.Contains(got, "5a") {
			t.Errorf("%s of a Signer = %q, which may show the key", format, got)
		}
	}
}

// FuzzVerify checks that Verify never panics and accepts only the exact
// strings that the Signer itself produces.
func FuzzVerify(f *testing.F) {
	s := newTestSigner(f, fixedClock(testNow))
	id, expires, sig := splitLink(f, first(s.URL("rec-1")))
	f.Add(id, expires, sig)
	f.Add("rec-2", expires, sig)
	f.Add(id, "0"+expires, sig)
	f.Add(id, expires, sig[:42])
	f.Add(id, expires, nonCanonicalLast(sig))
	f.Add("", "", "")
	f.Add(id, "-1", "")
	f.Add("\x00", "9223372036854775807", strings.Repeat("A", 43))

	if err := s.Verify(id, expires, sig); err != nil {
		f.Fatalf("seed link does not verify: %v", err)
	}

	f.Fuzz(func(t *testing.T, id, expires, sig string) {
		err := s.Verify(id, expires, sig)
		if err == nil {
			exp, parseErr := strconv.ParseInt(expires, 10, 64)
			if parseErr != nil || strconv.FormatInt(exp, 10) != expires {
				t.Fatalf("Verify accepted non-canonical expires %q", expires)
			}
			if sig != s.sign(id, exp) {
				t.Fatalf("Verify accepted sig %q for (%q, %q), which the signer did not produce", sig, id, expires)
			}
			return
		}

		if !errors.Is(err, ErrBadSignature) && !errors.Is(err, ErrExpired) {
			t.Fatalf("Verify = %v, want ErrBadSignature or ErrExpired", err)
		}
	})
}

func BenchmarkVerify(b *testing.B) {
	s := newTestSigner(b, fixedClock(testNow))
	id, expires, sig := splitLink(b, first(s.URL("0b6e2c3a-8f1d-4c55-9a57-2f0b1c7e9d10")))
	for b.Loop() {
		if err := s.Verify(id, expires, sig); err != nil {
			b.Fatal(err)
		}
	}
}

func first(link string, _ time.Time) string { return link }

// flipFirst changes the first character of a base64url string to another
// valid one.
func flipFirst(sig string) string {
	c := byte('A')
	if sig[0] == 'A' {
		c = 'B'
	}
	return string(c) + sig[1:]
}

// nonCanonicalLast changes the unused low bits of the last base64url
// character. A lenient decoder returns the same bytes for the result.
func nonCanonicalLast(sig string) string {
	const alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_"
	last := strings.IndexByte(alphabet, sig[len(sig)-1])
	// 32 bytes take 43 characters, and the last one carries 4 data bits
	// followed by 2 unused bits.
	return sig[:len(sig)-1] + string(alphabet[last^1])
}
