package fetch

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/netip"
	"strconv"
	"syscall"
	"time"
)

// dialer opens the TCP connections of a Fetcher. It resolves the host
// itself, rejects the host when any address is blocked, and dials only the
// addresses it checked, by number. The Control hook of the socket checks the
// address once more, as the last line of defence.
type dialer struct {
	connectTimeout time.Duration
	allowed        []netip.Prefix
	lookup         func(ctx context.Context, host string) ([]netip.Addr, error)

	// dialTCP connects to a numeric "ip:port" address. It is a net.Dialer
	// with the control hook, and tests wrap it to keep every dial on
	// loopback.
	dialTCP func(ctx context.Context, network, address string) (net.Conn, error)
}

// newDialer returns the dialer for cfg, which must have its defaults set.
func newDialer(cfg Config) *dialer {
	d := &dialer{
		connectTimeout: cfg.ConnectTimeout,
		allowed:        cfg.AllowedCIDRs,
		lookup:         cfg.LookupNetIP,
	}

	netDialer := &net.Dialer{Control: d.control}
	d.dialTCP = netDialer.DialContext

	return d
}

// dialChecked opens a TCP connection to hostport after checking every
// address of its host. It returns an *Error for every failure that the
// host causes. It has the signature of http.Transport.DialContext, and
// always dials TCP whatever the network argument is.
func (d *dialer) dialChecked(ctx context.Context, _, hostport string) (net.Conn, error) {
	host, portText, err := net.SplitHostPort(hostport)
	if err != nil {
		return nil, fmt.Errorf("split dial address %q: %w", hostport, err)
	}

	port, err := strconv.ParseUint(portText, 10, 16)
	if err != nil {
		return nil, fmt.Errorf("parse port of dial address %q: %w", hostport, err)
	}

	ctx, cancel := context.WithTimeout(ctx, d.connectTimeout)
	defer cancel()

	addrs, err := d.resolve(ctx, host)
	if err != nil {
		return nil, err
	}

	if err := d.checkAddrs(host, addrs); err != nil {
		return nil, err
	}

	var errs []error
	for _, addr := range addrs {
		conn, err := d.dialTCP(ctx, "tcp", netip.AddrPortFrom(addr, uint16(port)).String())
		if err == nil {
			return conn, nil
		}

		var ferr *Error
		if errors.As(err, &ferr) {
			return nil, ferr
		}

		errs = append(errs, err)
		if ctx.Err() != nil {
			break
		}
	}

	return nil, d.connectError(ctx, host, errors.Join(errs...))
}

// resolve returns the addresses of host, unmapped: host itself when it is
// an IP address, otherwise the result of the lookup.
func (d *dialer) resolve(ctx context.Context, host string) ([]netip.Addr, error) {
	if addr, err := netip.ParseAddr(host); err == nil {
		return []netip.Addr{addr.Unmap()}, nil
	}

	addrs, err := d.lookup(ctx, host)
	if err != nil {
		if ctx.Err() != nil {
			return nil, newError(KindUnreachable, ReasonDNSFailed,
				fmt.Sprintf("resolving host %s timed out after %s", quote(host), d.connectTimeout), err)
		}

		return nil, newError(KindUnreachable, ReasonDNSFailed,
			fmt.Sprintf("host %s could not be resolved", quote(host)), err)
	}

	if len(addrs) == 0 {
		return nil, newError(KindUnreachable, ReasonDNSFailed,
			fmt.Sprintf("host %s resolved to no addresses", quote(host)), nil)
	}

	unmapped := make([]netip.Addr, len(addrs))
	for i, addr := range addrs {
		unmapped[i] = addr.Unmap()
	}

	return unmapped, nil
}

// checkAddrs returns a ReasonBlockedAddress error when any of addrs is not
// permitted. A host with one blocked address is rejected whole, because an
// attacker who controls its DNS chooses which address is tried first.
func (d *dialer) checkAddrs(host string, addrs []netip.Addr) error {
	for _, addr := range addrs {
		class, permitted := d.permitted(addr)
		if permitted {
			continue
		}

		verb := "resolves to"
		if _, err := netip.ParseAddr(host); err == nil {
			verb = "is"
		}

		return newError(KindUnsafeURL, ReasonBlockedAddress,
			fmt.Sprintf("host %s %s %s address, and only public addresses can be fetched",
				quote(host), verb, class),
			fmt.Errorf("address %s is blocked", addr))
	}

	return nil
}

// control is the net.Dialer Control hook. It runs after the socket is
// created and before it connects, on the numeric address being dialed.
func (d *dialer) control(network, address string, _ syscall.RawConn) error {
	addrPort, err := netip.ParseAddrPort(address)
	if err != nil {
		return newError(KindUnsafeURL, ReasonBlockedAddress,
			"connection to an address that could not be checked was blocked",
			fmt.Errorf("parse dialed address %q: %w", address, err))
	}

	if class, permitted := d.permitted(addrPort.Addr()); !permitted {
		return newError(KindUnsafeURL, ReasonBlockedAddress,
			fmt.Sprintf("connection to %s address was blocked, and only public addresses can be fetched",
				class),
			fmt.Errorf("dial %s %s is blocked", network, address))
	}

	return nil
}

// permitted reports whether addr may be dialed: it is inside an allowed
// prefix or not blocked. When it may not, class names its range.
func (d *dialer) permitted(addr netip.Addr) (class string, ok bool) {
	plain := addr.WithZone("").Unmap()
	for _, prefix := range d.allowed {
		if prefix.Contains(plain) {
			return "", true
		}
	}

	class, blocked := blockedClass(addr)

	return class, !blocked
}

// connectError returns the *Error for a failed TCP connection to host.
func (d *dialer) connectError(ctx context.Context, host string, err error) error {
	var netErr net.Error
	if ctx.Err() != nil || (errors.As(err, &netErr) && netErr.Timeout()) {
		return newError(KindUnreachable, ReasonConnectTimeout,
			fmt.Sprintf("connecting to host %s timed out after %s", quote(host), d.connectTimeout), err)
	}

	return newError(KindUnreachable, ReasonConnectFailed,
		fmt.Sprintf("could not connect to host %s", quote(host)), err)
}
