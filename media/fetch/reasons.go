package fetch

import "strconv"

// The values of Error.Reason, all in this file. Clients see them, so each
// keeps its meaning once released. The comment that opens each group names
// the Kind that its reasons come with.
const (
	// Reasons of KindUnsafeURL, for a URL or redirect target that the
	// Fetcher rejects before or while connecting.

	// ReasonInvalidURL means the URL does not parse or is longer than
	// MaxURLLength bytes.
	ReasonInvalidURL = "invalid_url"
	// ReasonNotHTTPS means the scheme is not https.
	ReasonNotHTTPS = "not_https"
	// ReasonUserInfo means the URL has a user name or password before the
	// host.
	ReasonUserInfo = "user_info"
	// ReasonEmptyHost means the URL has no host.
	ReasonEmptyHost = "empty_host"
	// ReasonInvalidHost means the host is neither an IP address nor a DNS
	// name of ASCII letters, digits, hyphens and underscores.
	ReasonInvalidHost = "invalid_host"
	// ReasonAmbiguousIP means the host is numeric but not a canonical
	// dotted-quad IPv4 address, such as 2130706433, 0177.0.0.1, 0x7f.0.0.1
	// or 127.1, which URL parsers and resolvers read differently.
	ReasonAmbiguousIP = "ambiguous_ip"
	// ReasonIPv6Zone means the host is an IPv6 address with a zone, such as
	// fe80::1%eth0.
	ReasonIPv6Zone = "ipv6_zone"
	// ReasonInvalidPort means the port is 0 or above 65535.
	ReasonInvalidPort = "invalid_port"
	// ReasonBlockedAddress means the host is, or resolves to, an address
	// that IsBlocked reports and no Config.AllowedCIDRs prefix exempts.
	ReasonBlockedAddress = "blocked_address"
	// ReasonTooManyRedirects means the server redirected more than
	// Config.MaxRedirects times.
	ReasonTooManyRedirects = "too_many_redirects"
	// ReasonRedirectNotHTTPS means a redirect points to a scheme other than
	// https. Other problems of a redirect target use the reasons above.
	ReasonRedirectNotHTTPS = "redirect_not_https"
)

const (
	// Reasons of KindUnreachable, for a server that could not be reached or
	// did not return a 2xx response in time. Statuses outside 2xx use
	// HTTPStatusReason.

	// ReasonDNSFailed means the host name did not resolve, or resolved to
	// no address, within Config.ConnectTimeout.
	ReasonDNSFailed = "dns_failed"
	// ReasonConnectFailed means no TCP connection could be opened to any
	// address of the host.
	ReasonConnectFailed = "connect_failed"
	// ReasonConnectTimeout means resolving and connecting took longer than
	// Config.ConnectTimeout.
	ReasonConnectTimeout = "connect_timeout"
	// ReasonTLSError means the TLS handshake failed, for example because
	// the certificate is expired, self-signed or issued for another name.
	ReasonTLSError = "tls_error"
	// ReasonTLSTimeout means the TLS handshake took longer than
	// Config.TLSHandshakeTimeout.
	ReasonTLSTimeout = "tls_timeout"
	// ReasonFetchTimeout means the response headers took longer than
	// Config.ResponseHeaderTimeout, or the caller's context deadline passed
	// before the fetch finished.
	ReasonFetchTimeout = "fetch_timeout"
	// ReasonRequestFailed means the connection failed after it was opened,
	// before a valid response arrived, for example on a malformed response
	// or a redirect whose Location does not parse.
	ReasonRequestFailed = "request_failed"
	// ReasonBodyReadFailed means the connection failed while Download read
	// the body, for example when the body ended before its Content-Length.
	ReasonBodyReadFailed = "body_read_failed"
)

const (
	// ReasonUnsupportedContentType comes with KindNotAudioOrVideo: the
	// Content-Type is missing, invalid, or not audio/* or video/*.
	ReasonUnsupportedContentType = "unsupported_content_type"
	// ReasonTooLarge comes with KindTooLarge: the body is longer than the
	// maxBytes given to Download.
	ReasonTooLarge = "too_large"
)

// HTTPStatusReason returns the reason for a response with a status code
// outside 2xx, "http_status_" followed by the code, such as
// "http_status_404". It comes with KindUnreachable.
func HTTPStatusReason(code int) string {
	return "http_status_" + strconv.Itoa(code)
}
