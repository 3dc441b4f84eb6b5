// Package fetch downloads partner media from URLs that partners control,
// without letting those URLs reach private or internal addresses.
//
// A Fetcher accepts only https URLs without user info and with a host in
// canonical form, which rules out numeric shorthand such as 127.1 or
// 0x7f.0.0.1 and IPv6 zones. It resolves the host
// itself and rejects the name when any of its addresses is blocked (see
// IsBlocked). It dials only the addresses it checked, and checks each once
// more in the socket's Control hook, so DNS rebinding between the check and
// the dial cannot reach a blocked address. Every redirect hop passes the
// same checks. Proxy settings from the environment are ignored, and each
// phase (connect, TLS handshake, response headers) has its own timeout.
//
// Every failure that a partner can cause is an *Error whose Kind and Reason
// are stable. The file reasons.go lists every reason.
package fetch
