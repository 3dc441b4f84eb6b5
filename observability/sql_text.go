package observability

import (
	"strings"
	"unicode/utf8"
)

const (
	// maxSQLLen bounds the SQL text on a span, in bytes. Long statements,
	// such as multi-row inserts, would otherwise bloat every span.
	maxSQLLen = 2048

	// maxKeywordLen bounds a span name taken from SQL text.
	maxKeywordLen = 16

	// querySpanName names a span whose SQL starts with no keyword.
	querySpanName = "query"
)

// truncateSQL returns sql cut to at most maxSQLLen bytes, at a rune
// boundary so that the attribute stays valid UTF-8.
func truncateSQL(sql string) string {
	if len(sql) <= maxSQLLen {
		return sql
	}
	cut := maxSQLLen
	for cut > 0 && !utf8.RuneStart(sql[cut]) {
		cut--
	}
	return sql[:cut]
}

// sqlSpanName returns the first keyword of sql in upper case, such as
// SELECT or WITH, skipping leading space and comments. It returns
// querySpanName when sql starts with something else or the word is
// longer than maxKeywordLen, so span names stay few and short.
func sqlSpanName(sql string) string {
	rest := skipSpaceAndComments(sql)

	n := 0
	for n < len(rest) && isASCIILetter(rest[n]) {
		n++
	}
	if n == 0 || n > maxKeywordLen {
		return querySpanName
	}
	return strings.ToUpper(rest[:n])
}

// skipSpaceAndComments drops leading white space, "--" line comments and
// "/* */" block comments. An unterminated block comment leaves "".
func skipSpaceAndComments(s string) string {
	for {
		s = strings.TrimLeft(s, " \t\r\n\f")
		switch {
		case strings.HasPrefix(s, "--"):
			i := strings.IndexByte(s, '\n')
			if i < 0 {
				return ""
			}
			s = s[i+1:]
		case strings.HasPrefix(s, "/*"):
			i := strings.Index(s[2:], "*/")
			if i < 0 {
				return ""
			}
			s = s[2+i+2:]
		default:
			return s
		}
	}
}

func isASCIILetter(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
