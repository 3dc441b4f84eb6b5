package fetch

import (
	"context"
	"crypto/x509"
	"net"
	"net/netip"
	"time"
)

// Default values of the Config fields that are left zero.
const (
	DefaultConnectTimeout        = 5 * time.Second
	DefaultTLSHandshakeTimeout   = 5 * time.Second
	DefaultResponseHeaderTimeout = 10 * time.Second
	DefaultMaxRedirects          = 3
)

// Config sets the limits of a Fetcher. The zero value is ready for
// production use.
type Config struct {
	// ConnectTimeout bounds resolving the host and opening the TCP
	// connection, together. Zero or negative means
	// DefaultConnectTimeout.
	ConnectTimeout time.Duration

	// TLSHandshakeTimeout bounds the TLS handshake. Zero or negative means
	// DefaultTLSHandshakeTimeout.
	TLSHandshakeTimeout time.Duration

	// ResponseHeaderTimeout bounds the wait for the response headers after
	// the request is sent, on each redirect hop. Zero or negative means
	// DefaultResponseHeaderTimeout. Reading the body is bounded only by the
	// caller's context.
	ResponseHeaderTimeout time.Duration

	// MaxRedirects is the number of redirects followed. Zero means
	// DefaultMaxRedirects, and a negative value follows none.
	MaxRedirects int

	// AllowedCIDRs exempts destinations from IsBlocked, for tests and for
	// media servers on the operator's own network. Empty by default.
	// IPv4-mapped IPv6 prefixes are treated as the IPv4 prefixes they map.
	AllowedCIDRs []netip.Prefix

	// RootCAs verifies server certificates. Nil means the system roots,
	// which Go reads from SSL_CERT_FILE and SSL_CERT_DIR when they are set.
	RootCAs *x509.CertPool

	// LookupNetIP resolves host names. Nil means
	// net.DefaultResolver.LookupNetIP with network "ip".
	LookupNetIP func(ctx context.Context, host string) ([]netip.Addr, error)
}

// withDefaults returns cfg with zero fields set to their defaults and the
// allowed prefixes normalized.
func (cfg Config) withDefaults() Config {
	if cfg.ConnectTimeout <= 0 {
		cfg.ConnectTimeout = DefaultConnectTimeout
	}

	if cfg.TLSHandshakeTimeout <= 0 {
		cfg.TLSHandshakeTimeout = DefaultTLSHandshakeTimeout
	}

	if cfg.ResponseHeaderTimeout <= 0 {
		cfg.ResponseHeaderTimeout = DefaultResponseHeaderTimeout
	}

	switch {
	case cfg.MaxRedirects == 0:
		cfg.MaxRedirects = DefaultMaxRedirects
	case cfg.MaxRedirects < 0:
		cfg.MaxRedirects = 0
	}

	if cfg.LookupNetIP == nil {
		cfg.LookupNetIP = func(ctx context.Context, host string) ([]netip.Addr, error) {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}
	}

	cfg.AllowedCIDRs = normalizePrefixes(cfg.AllowedCIDRs)

	return cfg
}

// normalizePrefixes returns a copy of prefixes, masked, with IPv4-mapped
// IPv6 prefixes turned into IPv4 prefixes, because the Fetcher unmaps every
// address before it checks or dials it. Invalid prefixes are dropped.
func normalizePrefixes(prefixes []netip.Prefix) []netip.Prefix {
	out := make([]netip.Prefix, 0, len(prefixes))
	for _, p := range prefixes {
		if !p.IsValid() {
			continue
		}

		if p.Addr().Is4In6() && p.Bits() >= 96 {
			p = netip.PrefixFrom(p.Addr().Unmap(), p.Bits()-96)
		}

		out = append(out, p.Masked())
	}

	return out
}
