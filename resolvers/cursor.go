package resolvers

import (
	"encoding/base64"
	"errors"
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"

	"engagements/engagement"
)

// cursorVersion prefixes every cursor so that the format can change without
// misreading old cursors.
const cursorVersion = "v1"

// maxCursorLen bounds the input that decodeCursor looks at.
const maxCursorLen = 100

var errBadCursor = errors.New("malformed cursor")

// maxCursorMicros is the latest createdAt a cursor can hold, the start of
// the year 9999 in microseconds. Larger values, and negative ones, would
// overflow time.Time and compare wrongly in SQL.
const maxCursorMicros = 253370764800_000000

// encodeCursor returns the opaque cursor for c: the engagement's createdAt
// in microseconds (Postgres' precision) and its ID.
func encodeCursor(c engagement.Cursor) string {
	raw := cursorVersion + ":" + strconv.FormatInt(c.CreatedAt.UnixMicro(), 10) + ":" + c.ID.String()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// decodeCursor parses a cursor from encodeCursor, or returns errBadCursor.
func decodeCursor(s string) (engagement.Cursor, error) {
	if len(s) > maxCursorLen {
		return engagement.Cursor{}, errBadCursor
	}
	raw, err := base64.RawURLEncoding.DecodeString(s)
	if err != nil {
		return engagement.Cursor{}, errBadCursor
	}
	parts := strings.Split(string(raw), ":")
	if len(parts) != 3 || parts[0] != cursorVersion {
		return engagement.Cursor{}, errBadCursor
	}
	micros, err := strconv.ParseInt(parts[1], 10, 64)
	if err != nil || strconv.FormatInt(micros, 10) != parts[1] || micros < 0 || micros > maxCursorMicros {
		return engagement.Cursor{}, errBadCursor
	}
	id, err := uuid.Parse(parts[2])
	if err != nil || id.String() != parts[2] {
		return engagement.Cursor{}, errBadCursor
	}
	c := engagement.Cursor{CreatedAt: time.UnixMicro(micros).UTC(), ID: id}
	if encodeCursor(c) != s {
		// The base64 decoder skips line breaks; only the canonical form is
		// a cursor.
		return engagement.Cursor{}, errBadCursor
	}
	return c, nil
}
