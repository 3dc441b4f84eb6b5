package idempotency

import (
	"crypto/sha256"
	"encoding/hex"
)

// hashKey returns the SHA-256 of key in hex. Keys are user input of up to
// 255 characters of any Unicode, so the Redis key and the logs carry only
// this fixed-length digest.
func hashKey(key string) string {
	sum := sha256.Sum256([]byte(key))
	return hex.EncodeToString(sum[:])
}
