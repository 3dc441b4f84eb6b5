package fetch

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"time"
)

// tlsDialer performs the TLS handshake on connections from a dialer, so
// that the Fetcher, not net/http, bounds and classifies handshake failures.
type tlsDialer struct {
	dialer  *dialer
	timeout time.Duration
	config  *tls.Config
}

// newTLSDialer returns the TLS dialer for cfg, which must have its defaults
// set.
func newTLSDialer(cfg Config, d *dialer) *tlsDialer {
	return &tlsDialer{
		dialer:  d,
		timeout: cfg.TLSHandshakeTimeout,
		config: &tls.Config{
			RootCAs:    cfg.RootCAs,
			MinVersion: tls.VersionTLS12,
			// The Fetcher speaks HTTP/1.1 only, which keeps one request per
			// connection and one code path to test.
			NextProtos: []string{"http/1.1"},
		},
	}
}

// DialTLSContext opens a checked TCP connection to hostport and completes
// the TLS handshake within the configured timeout. It has the signature of
// http.Transport.DialTLSContext.
func (t *tlsDialer) DialTLSContext(ctx context.Context, network, hostport string) (net.Conn, error) {
	conn, err := t.dialer.dialChecked(ctx, network, hostport)
	if err != nil {
		return nil, err
	}

	host, _, err := net.SplitHostPort(hostport)
	if err != nil {
		conn.Close()

		return nil, fmt.Errorf("split dial address %q: %w", hostport, err)
	}

	config := t.config.Clone()
	config.ServerName = host
	tlsConn := tls.Client(conn, config)

	handshakeCtx, cancel := context.WithTimeout(ctx, t.timeout)
	defer cancel()

	if err := tlsConn.HandshakeContext(handshakeCtx); err != nil {
		conn.Close()

		return nil, t.handshakeError(ctx, handshakeCtx, host, err)
	}

	return tlsConn, nil
}

// handshakeError returns the *Error for a failed handshake with host, or
// the context error when the caller's ctx ended.
func (t *tlsDialer) handshakeError(ctx, handshakeCtx context.Context, host string, err error) error {
	if ctx.Err() != nil {
		return ctx.Err()
	}

	if handshakeCtx.Err() != nil {
		return newError(KindUnreachable, ReasonTLSTimeout,
			fmt.Sprintf("TLS handshake with host %s timed out after %s", quote(host), t.timeout), err)
	}

	var (
		unknownAuthority x509.UnknownAuthorityError
		wrongHost        x509.HostnameError
		invalid          x509.CertificateInvalidError
	)

	problem := "failed"
	switch {
	case errors.As(err, &unknownAuthority):
		problem = "failed because the certificate is not signed by a trusted authority"
	case errors.As(err, &wrongHost):
		problem = "failed because the certificate is not valid for this host name"
	case errors.As(err, &invalid) && invalid.Reason == x509.Expired:
		problem = "failed because the certificate has expired or is not yet valid"
	case errors.As(err, &invalid):
		problem = "failed because the certificate is invalid"
	}

	return newError(KindUnreachable, ReasonTLSError,
		fmt.Sprintf("TLS handshake with host %s %s", quote(host), problem), err)
}
