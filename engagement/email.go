package engagement

import (
	"fmt"
	"net/mail"
	"strings"
)

// NormalizeEmail returns s without surrounding whitespace and in lower case.
// Users and contacts are matched by the normalized form of their email, so
// that "Ann@Example.com " finds ann@example.com.
func NormalizeEmail(s string) string {
	return strings.ToLower(strings.TrimSpace(s))
}

// checkEmail returns a problem when s is longer than MaxEmailLength
// characters (TOO_LONG) or is not a bare address (INVALID). A bare address
// is one that net/mail.ParseAddress returns unchanged as the Address, so
// display names, angle brackets, comments, quoted local parts and
// surrounding whitespace are all rejected. name is the field name that
// starts the message.
func checkEmail(name, s string) *Problem {
	if p := checkMaxLength(name, s, MaxEmailLength); p != nil {
		return p
	}

	addr, err := mail.ParseAddress(s)
	if err != nil || addr.Name != "" || addr.Address != s {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("%s %s is not an email address; send only the address, "+
				"such as ann@example.com, without a name, angle brackets or spaces",
				name, describe(s)),
		}
	}

	return nil
}

// CheckEmail returns a problem when s is not a bare email address of at
// most MaxEmailLength characters, for callers outside Validate such as the
// command line.
func CheckEmail(s string) *Problem {
	return checkEmail("email", s)
}
