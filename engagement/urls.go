package engagement

import (
	"errors"
	"fmt"
	"net/url"
	"strings"
	"unicode"
	"unicode/utf8"
)

// blockedSchemes are the externalUrl schemes that make a browser run code or
// open content from the user's own machine or session when the link is
// clicked, instead of leaving the page.
var blockedSchemes = []string{"javascript", "data", "vbscript", "blob", "file"}

// CheckExternalURL returns nil when s is an acceptable externalUrl, else the
// one problem to report. s must be an absolute URI whose scheme follows
// RFC 3986 (a letter, then letters, digits, "+", "-" or "."), such as
// https://crm.example.com/calls/1, wavv://call/123 or salesforce:record/1.
//
// The code is TOO_LONG above MaxURLLength characters. It is UNSAFE_URL for
// the schemes javascript, data, vbscript, blob and file in any letter case,
// and for user info in an http or https URL. It is INVALID for whitespace,
// control or invisible formatting characters anywhere, for a missing
// scheme, for text that net/url cannot parse, and for an http or https URL
// without a host.
func CheckExternalURL(s string) *Problem {
	const name = "externalUrl"

	if p := checkMaxLength(name, s, MaxURLLength); p != nil {
		return p
	}

	// Browsers drop tabs and newlines inside a URL and trim spaces and
	// control characters around it, so "java\tscript:" would run as
	// javascript: even though no scheme check here would see that word.
	if p := checkURLCharacters(name, s); p != nil {
		return p
	}

	colon := strings.IndexByte(s, ':')
	if colon < 0 || !isScheme(s[:colon]) {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("externalUrl %s is not an absolute URI: it must start "+
				"with a scheme such as https: or wavv:", describe(s)),
		}
	}

	scheme := s[:colon]
	for _, blocked := range blockedSchemes {
		if strings.EqualFold(scheme, blocked) {
			return &Problem{
				Code: CodeUnsafeURL,
				Message: fmt.Sprintf("externalUrl uses the scheme %q, which is not allowed "+
					"because a browser would run or open it inside the app; "+
					"link to an https page instead", scheme),
			}
		}
	}

	u, err := url.Parse(s)
	if err != nil {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("externalUrl %s cannot be parsed as a URI: %s",
				describe(s), parseReason(err)),
		}
	}

	if strings.EqualFold(scheme, "http") || strings.EqualFold(scheme, "https") {
		return checkWebLink(s, u)
	}

	// TODO: other schemes that start local programs, such as ms-msdt: or
	// search-ms:, are accepted, so the UI must not open externalUrl without
	// the user's click.
	return nil
}

// checkWebLink checks the parts of an http or https externalUrl that a
// browser reads differently from net/url or that disguise the target.
func checkWebLink(s string, u *url.URL) *Problem {
	if u.Host == "" {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("externalUrl %s has no host: an http or https link "+
				"must look like https://example.com/path", describe(s)),
		}
	}

	if u.User != nil {
		return &Problem{
			Code: CodeUnsafeURL,
			Message: fmt.Sprintf("externalUrl %s contains user info before the host, "+
				"which disguises the real host; remove the part up to the @", describe(s)),
		}
	}

	return nil
}

// isScheme reports whether s is a URI scheme by the syntax of RFC 3986,
// section 3.1: a letter followed by letters, digits, "+", "-" or ".".
func isScheme(s string) bool {
	if s == "" {
		return false
	}

	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z':
		case i > 0 && ('0' <= c && c <= '9' || c == '+' || c == '-' || c == '.'):
		default:
			return false
		}
	}

	return true
}

// checkURLCharacters returns an INVALID problem when s is not valid UTF-8 or
// contains whitespace, a control character or an invisible formatting
// character. Whitespace is Unicode White_Space, such as U+0085, U+00A0 and
// U+2028. Formatting characters are Unicode category Cf, such as U+200B and
// the bidirectional overrides. Browsers strip some of these and display
// others as nothing, so the link a user sees or follows would differ from
// the one that was checked.
func checkURLCharacters(name, s string) *Problem {
	for i, r := range s {
		if r == utf8.RuneError {
			if _, size := utf8.DecodeRuneInString(s[i:]); size == 1 {
				return &Problem{
					Code: CodeInvalid,
					Message: fmt.Sprintf("%s %s is not valid UTF-8 at byte %d; send UTF-8 text",
						name, describe(s), i),
				}
			}
		}

		if unicode.IsSpace(r) || unicode.IsControl(r) || unicode.Is(unicode.Cf, r) {
			return &Problem{
				Code: CodeInvalid,
				Message: fmt.Sprintf("%s %s contains the whitespace, control or formatting "+
					"character %U at byte %d; remove it or percent-encode it",
					name, describe(s), r, i),
			}
		}
	}

	return nil
}

// parseReason returns the cause inside a net/url parse error, without the
// repeated input that url.Error adds around it.
func parseReason(err error) string {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return urlErr.Err.Error()
	}

	return err.Error()
}
