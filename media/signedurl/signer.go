// Package signedurl issues and serves temporary signed links to stored media,
// so that readers get a link to this server instead of the partner's.
//
// A link is "/media/{id}?expires={unix seconds}&sig={signature}". The
// signature is the only credential. Anyone with a link can fetch the media
// until it expires, and the server keeps no record of issued links.
package signedurl

import (
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/binary"
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"time"
)

// MaxTTL is the longest link lifetime that NewSigner accepts. A leaked link
// works until it expires, so lifetimes are kept short.
const MaxTTL = 7 * 24 * time.Hour

// maxClockSkew is how far the clock of the server that signed a link may run
// ahead of the clock of the server that verifies it.
const maxClockSkew = time.Minute

// messagePrefix starts every signed message, so that a signature made for
// another purpose with the same key can never pass as a media link.
const messagePrefix = "engagements media link v1\x00"

// Errors returned by Signer.Verify. The handler responds to both with 403.
var (
	// ErrBadSignature means that the link is malformed, was not signed by
	// this key and lifetime, or expires further ahead than the lifetime
	// allows.
	ErrBadSignature = errors.New("bad media link signature")

	// ErrExpired means that the link was genuine but its expiry has passed.
	ErrExpired = errors.New("media link expired")
)

// Signer signs and verifies media links with HMAC-SHA256. It is safe for
// concurrent use.
//
// The link lifetime is part of the signed message. Changing the lifetime
// therefore invalidates every link issued before, and a link signed by a
// process with a longer lifetime never verifies. Without that, such a link
// would become valid once its expiry came within the lifetime, and a leaked
// long-lived link would work again. Verify also rejects an expiry more than
// the lifetime plus one minute of clock skew ahead.
//
// A leaked key defeats all of this: its holder can sign any id with any
// expiry, and only replacing the key revokes what was signed with it.
type Signer struct {
	key []byte
	ttl time.Duration
	now func() time.Time
}

// NewSigner returns a Signer that issues links valid for ttl. key must be at
// least MinKeySize bytes, and ttl between one second and MaxTTL. now returns
// the current time and may be nil, which means time.Now. NewSigner copies
// key.
func NewSigner(key []byte, ttl time.Duration, now func() time.Time) (*Signer, error) {
	if len(key) < MinKeySize {
		return nil, fmt.Errorf("media signing key is %d bytes; use at least %d random bytes", len(key), MinKeySize)
	}

	if ttl < time.Second || ttl > MaxTTL {
		return nil, fmt.Errorf("media link lifetime %s is out of range; use a value from 1s to %s", ttl, MaxTTL)
	}

	if now == nil {
		now = time.Now
	}

	return &Signer{key: append([]byte(nil), key...), ttl: ttl, now: now}, nil
}

// URL returns the path and query of a link to the media with the given id,
// and the time until which the link is valid. The expiry is the current time
// plus the lifetime, rounded down to a whole second.
func (s *Signer) URL(id string) (path string, expires time.Time) {
	exp := s.now().Add(s.ttl).Unix()
	path = "/media/" + url.PathEscape(id) +
		"?expires=" + strconv.FormatInt(exp, 10) +
		"&sig=" + s.sign(id, exp)

	return path, time.Unix(exp, 0)
}

// Verify checks the expires and sig query values of a link to id. It returns
// nil for a link that URL issued and that has not expired, an error wrapping
// ErrExpired for such a link after its expiry, and an error wrapping
// ErrBadSignature for anything else. The signature is compared in constant
// time, and no error contains it.
func (s *Signer) Verify(id, expires, sig string) error {
	_, err := s.verify(id, expires, sig)
	return err
}

// verify is Verify that also returns the link's expiry, which the handler
// needs for Cache-Control.
func (s *Signer) verify(id, expires, sig string) (time.Time, error) {
	exp, ok := parseExpires(expires)
	if !ok {
		return time.Time{}, fmt.Errorf("%w: expires is not a unix time in canonical decimal form", ErrBadSignature)
	}

	got, err := base64.RawURLEncoding.Strict().DecodeString(sig)
	if err != nil || len(got) != sha256.Size {
		return time.Time{}, fmt.Errorf("%w: sig is not %d bytes of unpadded base64url", ErrBadSignature, sha256.Size)
	}

	if !hmac.Equal(got, s.mac(id, exp)) {
		return time.Time{}, fmt.Errorf("%w: signature does not match", ErrBadSignature)
	}

	// The expiry is checked only after the signature, so that ErrExpired
	// always means a genuine link that is too old.
	expiry := time.Unix(exp, 0)
	now := s.now()
	if now.After(expiry) {
		return time.Time{}, fmt.Errorf("%w at %s", ErrExpired, expiry.UTC().Format(time.RFC3339))
	}

	if ahead := expiry.Sub(now); ahead > s.ttl+maxClockSkew {
		return time.Time{}, fmt.Errorf("%w: expiry is %s ahead, more than the lifetime %s plus %s of clock skew",
			ErrBadSignature, ahead.Round(time.Second), s.ttl, maxClockSkew)
	}

	return expiry, nil
}

// String describes s without its key, so that logging a Signer by mistake
// does not leak the key.
func (s *Signer) String() string {
	return fmt.Sprintf("signedurl.Signer{ttl: %s}", s.ttl)
}

// GoString is String for the %#v verb, which would otherwise print the key.
func (s *Signer) GoString() string {
	return s.String()
}

func (s *Signer) sign(id string, expires int64) string {
	return base64.RawURLEncoding.EncodeToString(s.mac(id, expires))
}

func (s *Signer) mac(id string, expires int64) []byte {
	h := hmac.New(sha256.New, s.key)
	h.Write(message(id, expires, s.ttl))
	return h.Sum(nil)
}

// message returns the bytes that the HMAC covers. The id carries a length
// prefix and the numbers have a fixed size, so two different pairs of id and
// expiry never give the same message.
func message(id string, expires int64, ttl time.Duration) []byte {
	b := make([]byte, 0, len(messagePrefix)+8+len(id)+8+8)
	b = append(b, messagePrefix...)
	b = binary.BigEndian.AppendUint64(b, uint64(len(id)))
	b = append(b, id...)
	b = binary.BigEndian.AppendUint64(b, uint64(expires))
	b = binary.BigEndian.AppendUint64(b, uint64(ttl))

	return b
}

// parseExpires parses a positive decimal integer with no sign, no leading
// zero and no other characters, so that exactly one string stands for each
// expiry.
func parseExpires(s string) (int64, bool) {
	if s == "" || s[0] == '0' {
		return 0, false
	}

	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return 0, false
		}
	}

	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil {
		return 0, false
	}

	return n, true
}
