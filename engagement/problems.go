package engagement

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// Problem is the reason one value is rejected: a UserError without the field
// path, which the caller adds.
type Problem struct {
	Code    ErrorCode
	Message string
}

// problemList collects the UserErrors of one Validate call. It lists the
// first MaxProblems and only counts the rest.
type problemList struct {
	listed []UserError
	total  int
}

// add records a problem at field. The message is formatted only while it is
// listed, so that counting a flood of problems beyond MaxProblems stays cheap.
// Callers build field only once they found a problem, so that checking valid
// input allocates nothing.
func (l *problemList) add(field []string, code ErrorCode, format string, args ...any) {
	l.total++
	if len(l.listed) >= MaxProblems {
		return
	}

	l.listed = append(l.listed, UserError{
		Field:   field,
		Code:    code,
		Message: fmt.Sprintf(format, args...),
	})
}

// addProblem records p at field.
func (l *problemList) addProblem(field []string, p *Problem) {
	l.total++
	if len(l.listed) >= MaxProblems {
		return
	}

	l.listed = append(l.listed, UserError{Field: field, Code: p.Code, Message: p.Message})
}

// result returns the listed problems, followed by a summary when some were
// dropped, or nil when there are none.
func (l *problemList) result() []UserError {
	if l.total > len(l.listed) {
		l.listed = append(l.listed, UserError{
			Field: []string{},
			Code:  CodeInvalid,
			Message: fmt.Sprintf("too many problems: showing the first %d of %d",
				len(l.listed), l.total),
		})
	}

	return l.listed
}

// checkStorable returns a problem when s contains U+0000 or is not valid
// UTF-8, because PostgreSQL rejects both in text columns. name is the field
// name that starts the message.
func checkStorable(name, s string) *Problem {
	if i := strings.IndexByte(s, 0); i >= 0 {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("%s contains a NUL character (U+0000) at byte %d, "+
				"which cannot be stored; remove it", name, i),
		}
	}

	if !utf8.ValidString(s) {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("%s contains bytes that are not valid UTF-8 at byte %d, "+
				"which cannot be stored; send UTF-8 text", name, invalidUTF8Offset(s)),
		}
	}

	return nil
}

// invalidUTF8Offset returns the byte offset of the first invalid UTF-8
// sequence in s, or -1 when s is valid.
func invalidUTF8Offset(s string) int {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return i
			}
		}
	}

	return -1
}

// shortValueLength is the longest value, in characters, that messages quote
// in full.
const shortValueLength = 64

// describe formats s for a message: quoted in full when it is short, else
// the quoted start followed by the length in characters. Quoting escapes
// control characters, so a value cannot break the message apart.
func describe(s string) string {
	n := utf8.RuneCountInString(s)
	if n <= shortValueLength {
		return strconv.Quote(s)
	}

	return strconv.Quote(prefix(s, shortValueLength/2)) + "… (" + strconv.Itoa(n) + " characters)"
}

// prefix returns the first n characters of s.
func prefix(s string, n int) string {
	for i := range s {
		if n == 0 {
			return s[:i]
		}
		n--
	}

	return s
}

// checkText returns the problem with a text field: unstorable characters
// first, then more than limit characters. name is the field name that
// starts the message.
func checkText(name, s string, limit int) *Problem {
	if p := checkStorable(name, s); p != nil {
		return p
	}

	return checkMaxLength(name, s, limit)
}

// checkMaxLength returns a TOO_LONG problem when s has more than limit
// characters. name is the field name that starts the message.
func checkMaxLength(name, s string, limit int) *Problem {
	// A string of at most limit bytes has at most limit characters, so the
	// common short value skips counting.
	if len(s) <= limit {
		return nil
	}

	n := utf8.RuneCountInString(s)
	if n <= limit {
		return nil
	}

	return &Problem{
		Code: CodeTooLong,
		Message: fmt.Sprintf("%s is %d characters long, above the maximum of %d",
			name, n, limit),
	}
}
