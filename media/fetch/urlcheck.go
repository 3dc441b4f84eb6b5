package fetch

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// MaxURLLength is the maximum length in bytes of a URL, or of a redirect
// target, that a Fetcher accepts. Presigned links with long signatures fit
// well within it.
const MaxURLLength = 8192

// maxHostNameLength is the maximum length of a DNS name in text form,
// without the trailing dot.
const maxHostNameLength = 253

// parseURL parses rawURL and validates it as the first URL of a fetch.
func parseURL(rawURL string) (*url.URL, *Error) {
	if len(rawURL) > MaxURLLength {
		return nil, newError(KindUnsafeURL, ReasonInvalidURL,
			fmt.Sprintf("media URL is %d bytes long, more than the limit of %d",
				len(rawURL), MaxURLLength), nil)
	}

	u, err := url.Parse(rawURL)
	if err != nil {
		return nil, newError(KindUnsafeURL, ReasonInvalidURL,
			"media URL is not a valid absolute URL", err)
	}

	if ferr := validateURL(u, false); ferr != nil {
		return nil, ferr
	}

	return u, nil
}

// validateURL returns an error unless u uses https, has no user info and
// has a host in canonical form. redirect marks u as a redirect target,
// which changes the wording and turns ReasonNotHTTPS into
// ReasonRedirectNotHTTPS.
func validateURL(u *url.URL, redirect bool) *Error {
	subject := "media URL"
	if redirect {
		subject = "redirect target"
	}

	if !strings.EqualFold(u.Scheme, "https") {
		reason := ReasonNotHTTPS
		if redirect {
			reason = ReasonRedirectNotHTTPS
		}

		return newError(KindUnsafeURL, reason,
			fmt.Sprintf("%s has scheme %s, but only https is allowed", subject, quote(u.Scheme)), nil)
	}

	if u.User != nil {
		return newError(KindUnsafeURL, ReasonUserInfo,
			subject+" contains a user name or password before the host, which is not allowed", nil)
	}

	return validateHost(u, subject)
}

// validateHost returns an error unless the port of u, if any, is in 1 to
// 65535 and its host is in canonical form. That form is a dotted-quad IPv4
// address, a bracketed IPv6 address without a zone, or a DNS name whose
// last label is not numeric.
func validateHost(u *url.URL, subject string) *Error {
	host := u.Hostname()
	if host == "" {
		return newError(KindUnsafeURL, ReasonEmptyHost, subject+" has no host", nil)
	}

	if ferr := validatePort(u.Port(), subject); ferr != nil {
		return ferr
	}

	if strings.HasPrefix(u.Host, "[") {
		return validateIPv6Literal(host, subject)
	}

	if addr, err := netip.ParseAddr(host); err == nil && addr.Is4() {
		return nil
	}

	return validateHostName(host, subject)
}

// validatePort returns an error when port is set but outside 1 to 65535.
// url.Parse has already checked that it is made of digits.
//
// TODO: any port is accepted on a public address, so a partner URL can make
// the server connect to non-web services on public hosts.
func validatePort(port, subject string) *Error {
	if port == "" {
		return nil
	}

	n, err := strconv.ParseUint(port, 10, 16)
	if err != nil || n == 0 {
		return newError(KindUnsafeURL, ReasonInvalidPort,
			fmt.Sprintf("%s has port %s, which is not in 1 to 65535", subject, quote(port)), nil)
	}

	return nil
}

// validateIPv6Literal checks the host of a URL written in brackets.
func validateIPv6Literal(host, subject string) *Error {
	// A zone names an interface of the machine that parses the URL, so it
	// never means the same thing on the partner's side and ours.
	if strings.Contains(host, "%") {
		return newError(KindUnsafeURL, ReasonIPv6Zone,
			fmt.Sprintf("%s host %s has an IPv6 zone, which is not allowed", subject, quote(host)), nil)
	}

	addr, err := netip.ParseAddr(host)
	if err != nil || !addr.Is6() {
		return newError(KindUnsafeURL, ReasonInvalidHost,
			fmt.Sprintf("%s host %s in brackets is not a valid IPv6 address", subject, quote(host)), err)
	}

	return nil
}

// validateHostName returns an error unless host is a DNS name of ASCII
// letters, digits, hyphens and underscores, with an optional trailing dot,
// whose last label is not numeric.
func validateHostName(host, subject string) *Error {
	name := strings.TrimSuffix(host, ".")
	if name == "" || len(name) > maxHostNameLength {
		return invalidHostName(host, subject, "has no labels or is longer than 253 bytes")
	}

	labels := strings.Split(name, ".")
	for _, label := range labels {
		if problem := checkLabel(label); problem != "" {
			return invalidHostName(host, subject, problem)
		}
	}

	// WHATWG URL parsers, and inet_aton in resolvers, read a host whose
	// last label is a number as an IPv4 address in decimal, octal or hex,
	// and accept fewer than four parts. Rejecting every such host keeps
	// 2130706433, 0177.0.0.1, 0x7f.0.0.1 and 127.1 away from parsers that
	// would turn them into 127.0.0.1. No top-level domain is numeric.
	if isNumericLabel(labels[len(labels)-1]) {
		return newError(KindUnsafeURL, ReasonAmbiguousIP,
			fmt.Sprintf("%s host %s is numeric but not a dotted-quad IPv4 address such as 203.0.113.7",
				subject, quote(host)), nil)
	}

	return nil
}

// checkLabel returns what is wrong with one label of a DNS name, or "".
func checkLabel(label string) string {
	if label == "" {
		return "has an empty label"
	}

	if len(label) > 63 {
		return "has a label longer than 63 bytes"
	}

	if label[0] == '-' || label[len(label)-1] == '-' {
		return "has a label that starts or ends with a hyphen"
	}

	for i := 0; i < len(label); i++ {
		c := label[i]
		if !isLetterOrDigit(c) && c != '-' && c != '_' {
			return "contains characters other than ASCII letters, digits, hyphens and " +
				"underscores (write internationalized names in their xn-- form)"
		}
	}

	return ""
}

// invalidHostName returns the ReasonInvalidHost error for host.
func invalidHostName(host, subject, problem string) *Error {
	return newError(KindUnsafeURL, ReasonInvalidHost,
		fmt.Sprintf("%s host %s %s", subject, quote(host), problem), nil)
}

// isNumericLabel reports whether label is a decimal number or a 0x hex
// number (the 0x prefix alone included), the forms in which a URL parser
// reads a label as part of an IPv4 address. Octal is a decimal-looking
// label with a leading zero, so it is covered.
func isNumericLabel(label string) bool {
	digits := label
	hex := false
	if len(label) >= 2 && label[0] == '0' && (label[1] == 'x' || label[1] == 'X') {
		digits = label[2:]
		hex = true
	}

	for i := 0; i < len(digits); i++ {
		c := digits[i]
		isDigit := c >= '0' && c <= '9'
		isHexLetter := (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')
		if !isDigit && !(hex && isHexLetter) {
			return false
		}
	}

	return hex || digits != ""
}

// isLetterOrDigit reports whether c is an ASCII letter or digit.
func isLetterOrDigit(c byte) bool {
	return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9')
}
