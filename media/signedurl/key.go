package signedurl

import (
	"crypto/rand"
	"encoding/base64"
	"encoding/hex"
	"errors"
	"fmt"
	"strings"
)

// MinKeySize is the minimum length of a signing key in bytes, the size of
// the SHA-256 output that the HMAC produces.
const MinKeySize = 32

// keyHint is the advice on making a valid key that ends every key error.
const keyHint = "set MEDIA_SIGNING_KEY to at least 32 random bytes in hex or base64, " +
	"for example the output of: openssl rand -hex 32"

// ParseKey decodes a signing key written in hex or base64, such as the value
// of MEDIA_SIGNING_KEY, and requires at least MinKeySize decoded bytes.
// Surrounding white space is ignored.
//
// A value made only of the digits 0-9, a-f and A-F is read as hex. Any other
// value is read as standard or URL-safe base64, with or without padding. A
// random base64 key of 32 bytes consists only of hex digits with
// negligible probability, but a key of mostly zero bytes, such as
// base64 "AAAA…", is read as hex and rejected.
//
// Errors name the broken rule and never contain the value, because it is a
// secret.
func ParseKey(s string) ([]byte, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return nil, errors.New("media signing key is empty; " + keyHint)
	}

	key, err := decodeKey(s)
	if err != nil {
		return nil, err
	}

	if len(key) < MinKeySize {
		return nil, fmt.Errorf("media signing key decodes to %d bytes, fewer than %d; %s", len(key), MinKeySize, keyHint)
	}

	return key, nil
}

func decodeKey(s string) ([]byte, error) {
	if isHex(s) {
		key, err := hex.DecodeString(s)
		if err != nil {
			// The hex error would quote the offending byte of the secret.
			return nil, fmt.Errorf("media signing key is hex with an odd number of digits (%d); %s", len(s), keyHint)
		}
		return key, nil
	}

	encodings := []*base64.Encoding{
		base64.StdEncoding, base64.RawStdEncoding, base64.URLEncoding, base64.RawURLEncoding,
	}
	for _, enc := range encodings {
		if key, err := enc.DecodeString(s); err == nil {
			return key, nil
		}
	}

	return nil, errors.New("media signing key is neither hex nor base64; " + keyHint)
}

func isHex(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if !('0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F') {
			return false
		}
	}

	return true
}

// GenerateKey returns MinKeySize random bytes for use when no key is
// configured. Links signed with a generated key stop working when the
// process restarts, and another replica cannot verify them, so production
// deployments must set MEDIA_SIGNING_KEY.
func GenerateKey() ([]byte, error) {
	key := make([]byte, MinKeySize)
	if _, err := rand.Read(key); err != nil {
		return nil, fmt.Errorf("generate media signing key: %w", err)
	}

	return key, nil
}
