// Package scalars implements the custom GraphQL scalars of the schema and the
// range-checked Int.
package scalars

import (
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"

	"github.com/99designs/gqlgen/graphql"
)

// MarshalDateTime writes t as an RFC 3339 string in UTC.
func MarshalDateTime(t time.Time) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		b := make([]byte, 0, 40)
		b = append(b, '"')
		b = t.UTC().AppendFormat(b, time.RFC3339Nano)
		b = append(b, '"')
		_, _ = w.Write(b)
	})
}

// UnmarshalDateTime parses an RFC 3339 string that carries a time zone
// offset or Z. Other types and formats are errors that quote the value.
func UnmarshalDateTime(v any) (time.Time, error) {
	s, ok := v.(string)
	if !ok {
		return time.Time{}, fmt.Errorf("DateTime must be an RFC 3339 string such as \"2026-03-14T09:26:53Z\", got %T", v)
	}
	t, err := time.Parse(time.RFC3339Nano, s)
	if err != nil {
		return time.Time{}, fmt.Errorf("DateTime %q is not RFC 3339 with a time zone, such as \"2026-03-14T09:26:53Z\"", truncate(s, 64))
	}
	return t, nil
}

// MarshalInt writes i as a JSON number.
func MarshalInt(i int) graphql.Marshaler {
	return graphql.WriterFunc(func(w io.Writer) {
		_, _ = io.WriteString(w, strconv.Itoa(i))
	})
}

// UnmarshalInt accepts an integer within the GraphQL Int range, a signed
// 32-bit integer, as the GraphQL specification requires. Values outside it
// are errors that name the range.
func UnmarshalInt(v any) (int, error) {
	var n int64
	switch v := v.(type) {
	case int:
		n = int64(v)
	case int32:
		n = int64(v)
	case int64:
		n = v
	case json.Number:
		parsed, err := strconv.ParseInt(string(v), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("Int %s is not an integer between %d and %d", truncate(string(v), 32), math.MinInt32, math.MaxInt32)
		}
		n = parsed
	default:
		return 0, fmt.Errorf("Int must be an integer between %d and %d, got %T", math.MinInt32, math.MaxInt32, v)
	}
	if n < math.MinInt32 || n > math.MaxInt32 {
		return 0, fmt.Errorf("Int %d is outside the GraphQL Int range %d to %d", n, math.MinInt32, math.MaxInt32)
	}
	return int(n), nil
}

func truncate(s string, max int) string {
	if len(s) <= max {
		return s
	}
	return s[:max] + "..."
}
