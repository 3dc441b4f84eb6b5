package engagement

import (
	"fmt"
	"net/netip"
	"net/url"
	"strconv"
	"strings"
)

// CheckMediaURL returns nil when s is an acceptable mediaUrl, else the one
// problem to report. An accepted s starts with "https://" in any letter case,
// followed directly by a host and an optional port, and net/url parses it to
// scheme https, that same host and no user info.
//
// The code is TOO_LONG above MaxURLLength characters, and INVALID for
// whitespace, control or invisible formatting characters anywhere. It is
// UNSAFE_URL for every other rejection: a scheme other than https, user
// info, an empty host, a port outside 1 to 65535, and every form that
// browsers and net/url may read as different hosts. Those forms are
// backslashes, "https:/host", "https:host", "//host", percent-encoding in
// the host, IPv6 zone ids, non-ASCII host names, and IPv4 addresses written
// in other than four decimal numbers.
//
// CheckMediaURL resolves no names. Whether the host is a private address is
// decided when the media is fetched.
func CheckMediaURL(s string) *Problem {
	const name = "mediaUrl"

	if p := checkMaxLength(name, s, MaxURLLength); p != nil {
		return p
	}

	if p := checkURLCharacters(name, s); p != nil {
		return p
	}

	// Browsers read a backslash as a slash in https URLs and net/url does
	// not, so "https://evil.example\@good.example/" has two different hosts.
	if i := strings.IndexByte(s, '\\'); i >= 0 {
		return unsafeMediaURL(s, fmt.Sprintf("contains a backslash at byte %d, "+
			"which browsers read as a slash; write / or percent-encode it as %%5C", i))
	}

	// Requiring the two slashes rules out "https:/host" and "https:host",
	// which browsers complete to https://host/ and net/url reads as a path.
	const httpsPrefix = "https://"
	if len(s) < len(httpsPrefix) || !strings.EqualFold(s[:len(httpsPrefix)], httpsPrefix) {
		return unsafeMediaURL(s, "must start with https:// followed by the host")
	}

	authority := s[len(httpsPrefix):]
	if end := strings.IndexAny(authority, "/?#"); end >= 0 {
		authority = authority[:end]
	}

	if p := checkMediaAuthority(s, authority); p != nil {
		return p
	}

	u, err := url.Parse(s)
	if err != nil {
		return unsafeMediaURL(s, "cannot be parsed: "+parseReason(err))
	}

	// The checks above read the raw text. This check guards against net/url
	// splitting it in another place, and no test input reaches it today.
	if u.Scheme != "https" || u.Host != authority || u.User != nil {
		return unsafeMediaURL(s, "is read differently by different URL parsers; "+
			"send it in the plain form https://host/path")
	}

	return nil
}

// checkMediaAuthority checks the raw host and port of a mediaUrl, the part
// between "https://" and the first "/", "?" or "#".
func checkMediaAuthority(s, authority string) *Problem {
	if strings.Contains(authority, "@") {
		return unsafeMediaURL(s, "contains user info before the host; "+
			"remove the part up to the @ and send credentials some other way")
	}

	// Browsers decode percent-encoding in a host. net/url rejects it for
	// ASCII bytes but decodes it for others, and reads "%25" inside brackets
	// as the start of an IPv6 zone id, which browsers reject.
	if strings.Contains(authority, "%") {
		return unsafeMediaURL(s, "contains a percent sign in the host; "+
			"write the host name or IP address without percent-encoding")
	}

	host, port := splitHostPort(authority)
	if host == "" {
		return unsafeMediaURL(s, "has an empty host")
	}

	if port != "" {
		n, err := strconv.Atoi(port)
		if err != nil || n < 1 || n > 65535 {
			return unsafeMediaURL(s, fmt.Sprintf("has the port %q, which is not a "+
				"number from 1 to 65535", port))
		}
	}

	if strings.HasPrefix(host, "[") {
		return checkIPv6Host(s, host)
	}

	return checkNameOrIPv4Host(s, host)
}

// splitHostPort splits a raw authority without user info into host and port.
// A bracketed IPv6 literal keeps its brackets. Whatever follows the closing
// bracket other than ":port" is returned as the port, to be rejected there.
func splitHostPort(authority string) (host, port string) {
	if strings.HasPrefix(authority, "[") {
		end := strings.IndexByte(authority, ']')
		if end < 0 {
			return authority, ""
		}

		rest := authority[end+1:]
		if rest == "" {
			return authority, ""
		}

		return authority[:end+1], strings.TrimPrefix(rest, ":")
	}

	if i := strings.LastIndexByte(authority, ':'); i >= 0 {
		return authority[:i], authority[i+1:]
	}

	return authority, ""
}

// checkIPv6Host accepts a bracketed IPv6 address without a zone id.
func checkIPv6Host(s, host string) *Problem {
	inner, ok := strings.CutPrefix(host, "[")
	if ok {
		inner, ok = strings.CutSuffix(inner, "]")
	}

	addr, err := netip.ParseAddr(inner)
	if !ok || err != nil || !addr.Is6() || addr.Zone() != "" {
		return unsafeMediaURL(s, fmt.Sprintf("has the host %q, which is not an IPv6 "+
			"address in brackets", host))
	}

	return nil
}

// checkNameOrIPv4Host accepts an ASCII DNS name or an IPv4 address in
// dotted-decimal form.
func checkNameOrIPv4Host(s, host string) *Problem {
	for i := 0; i < len(host); i++ {
		c := host[i]
		if c >= 0x80 {
			return unsafeMediaURL(s, fmt.Sprintf("has the non-ASCII host %q; "+
				"send its ASCII form, which starts with xn-- for each non-ASCII label", host))
		}

		if !isHostNameByte(c) {
			return unsafeMediaURL(s, fmt.Sprintf("has the host %q, which contains %q; "+
				"a host may contain only letters, digits, \"-\", \"_\" and \".\"", host, c))
		}
	}

	// One trailing dot marks a fully qualified name. Any other empty label
	// is no DNS name.
	labels := strings.Split(strings.TrimSuffix(host, "."), ".")
	for _, label := range labels {
		if label == "" {
			return unsafeMediaURL(s, fmt.Sprintf("has the host %q, which contains an "+
				"empty label", host))
		}
	}

	// Browsers read a host whose last label is a number as an IPv4 address
	// and accept octal, hex and shortened forms: 0x7f.1, 017700000001 and
	// 2130706433 are all 127.0.0.1 to them. The C library's inet_aton reads
	// them the same way, while net/netip rejects them, so a later address
	// check could see a name where the resolver sees an address. Only the
	// dotted-decimal form is read alike everywhere.
	if isNumericLabel(labels[len(labels)-1]) {
		addr, err := netip.ParseAddr(host)
		if err != nil || !addr.Is4() {
			return unsafeMediaURL(s, fmt.Sprintf("has the host %q, which browsers read "+
				"as an IPv4 address; write it as four decimal numbers such as 192.0.2.1, "+
				"without leading zeros", host))
		}
	}

	return nil
}

func isHostNameByte(c byte) bool {
	return 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z' || '0' <= c && c <= '9' ||
		c == '-' || c == '_' || c == '.'
}

// isNumericLabel reports whether a browser would parse label as an IPv4
// number: decimal digits, or "0x" followed by zero or more hex digits.
func isNumericLabel(label string) bool {
	if rest, ok := cutHexPrefix(label); ok {
		for i := 0; i < len(rest); i++ {
			if !isHexDigit(rest[i]) {
				return false
			}
		}

		return true
	}

	if label == "" {
		return false
	}

	for i := 0; i < len(label); i++ {
		if label[i] < '0' || label[i] > '9' {
			return false
		}
	}

	return true
}

func cutHexPrefix(s string) (string, bool) {
	if len(s) >= 2 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X') {
		return s[2:], true
	}

	return s, false
}

func isHexDigit(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'f' || 'A' <= c && c <= 'F'
}

// unsafeMediaURL returns an UNSAFE_URL problem whose message names the URL
// and then gives reason.
func unsafeMediaURL(s, reason string) *Problem {
	return &Problem{
		Code:    CodeUnsafeURL,
		Message: "mediaUrl " + describe(s) + " " + reason,
	}
}
