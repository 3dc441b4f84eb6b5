package blob

import (
	"fmt"
	"strings"
)

// MaxKeyLen is the maximum length of a key in bytes.
const MaxKeyLen = 200

// ValidateKey returns nil when key is a valid object key, and otherwise an
// error wrapping ErrInvalidKey that names the broken rule.
//
// A key is one or more segments joined by '/'. A segment is made of ASCII
// letters, digits, '-', '_' and '.', and is neither empty, "." nor "..". The
// whole key is at most MaxKeyLen bytes. These rules make every valid key a
// clean relative path that stays inside the store's directory on any
// operating system, and they leave characters such as '~' free for the
// store's own temporary names.
func ValidateKey(key string) error {
	if key == "" {
		return fmt.Errorf("%w: key is empty; use an engagement id plus a suffix", ErrInvalidKey)
	}

	if len(key) > MaxKeyLen {
		return fmt.Errorf("%w: key is %d bytes long; the maximum is %d", ErrInvalidKey, len(key), MaxKeyLen)
	}

	for i := 0; i < len(key); i++ {
		if !isKeyByte(key[i]) {
			return fmt.Errorf("%w %q: byte %q at offset %d is not allowed; use letters, digits, '-', '_', '.' and '/'",
				ErrInvalidKey, key, key[i], i)
		}
	}

	for segment := range strings.SplitSeq(key, "/") {
		switch segment {
		case "":
			return fmt.Errorf("%w %q: empty segment; remove the leading, trailing or doubled '/'",
				ErrInvalidKey, key)
		case ".", "..":
			return fmt.Errorf("%w %q: segment %q is not allowed; name each directory explicitly",
				ErrInvalidKey, key, segment)
		}
	}

	return nil
}

func isKeyByte(b byte) bool {
	switch {
	case 'a' <= b && b <= 'z', 'A' <= b && b <= 'Z', '0' <= b && b <= '9':
		return true
	case b == '-', b == '_', b == '.', b == '/':
		return true
	}
	return false
}
