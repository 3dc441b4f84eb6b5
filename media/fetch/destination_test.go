package fetch

import (
	"context"
	"errors"
	"net"
	"net/netip"
	"testing"
)

func TestFetcherBlocksDestinations(t *testing.T) {
	t.Parallel()

	// A live server on 127.0.0.1 (and, when the machine has it, on ::1)
	// makes every case succeed if its block were missing. No case exempts
	// any address.
	var recorded requestLog
	srv := newServer(t, recorded.record(mediaHandler("audio/mpeg", []byte("ID3"))))
	port := portOf(t, srv)

	hosts := map[string][]netip.Addr{
		"internal.example.com": {netip.MustParseAddr("10.0.0.1")},
		"metadata.example.com": {netip.MustParseAddr("169.254.169.254")},
		"loopback.example.com": {netip.MustParseAddr("127.0.0.1")},
		"mapped.example.com":   {netip.MustParseAddr("::ffff:127.0.0.1")},
		// A public address first and a private one second. The whole lookup
		// result is rejected, so neither address is dialed.
		"mixed.example.com": {netip.MustParseAddr("93.184.216.34"), netip.MustParseAddr("10.0.0.1")},
	}

	tests := []struct {
		name   string
		url    string
		reason string
	}{
		{"dotted", "https://127.0.0.1:" + port + "/", ReasonBlockedAddress},
		{"decimal", "https://2130706433:" + port + "/", ReasonAmbiguousIP},
		{"octal", "https://0177.0.0.1:" + port + "/", ReasonAmbiguousIP},
		{"hex", "https://0x7f.0.0.1:" + port + "/", ReasonAmbiguousIP},
		{"short", "https://127.1:" + port + "/", ReasonAmbiguousIP},
		{"IPv4-mapped", "https://[::ffff:127.0.0.1]:" + port + "/", ReasonBlockedAddress},
		{"IPv6 loopback", "https://[::1]:" + port + "/", ReasonBlockedAddress},
		{"NAT64", "https://[64:ff9b::7f00:1]:" + port + "/", ReasonBlockedAddress},
		{"6to4", "https://[2002:7f00:1::]:" + port + "/", ReasonBlockedAddress},
		{"unspecified", "https://0.0.0.0:" + port + "/", ReasonBlockedAddress},
		{"localhost", "https://localhost:" + port + "/", ReasonBlockedAddress},
		{"name to loopback", "https://loopback.example.com:" + port + "/", ReasonBlockedAddress},
		{"name to mapped loopback", "https://mapped.example.com:" + port + "/", ReasonBlockedAddress},
		{"name to private", "https://internal.example.com/", ReasonBlockedAddress},
		{"name to metadata", "https://metadata.example.com/", ReasonBlockedAddress},
		{"public then private", "https://mixed.example.com/", ReasonBlockedAddress},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFetcher(t, Config{RootCAs: rootsOf(srv), LookupNetIP: fakeLookup(t, hosts)})

			_, err := f.Check(context.Background(), tt.url)
			requireError(t, err, KindUnsafeURL, tt.reason)

			var buf discardWriter
			_, err = f.Download(context.Background(), tt.url, &buf, 1<<20)
			requireError(t, err, KindUnsafeURL, tt.reason)
		})
	}

	t.Cleanup(func() {
		if n := len(recorded.all()); n != 0 {
			t.Errorf("server got %d requests, want 0", n)
		}
	})
}

func TestDialerControlHookRunsOnRealDial(t *testing.T) {
	t.Parallel()

	// Bypass the check before the dial and call the dialer's own
	// net.Dialer, so the Control hook is the only check between the dial
	// and a live listener on 127.0.0.1.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })

	d := newDialer(Config{}.withDefaults())
	conn, err := d.dialTCP(context.Background(), "tcp", ln.Addr().String())
	if err == nil {
		conn.Close()
		t.Fatal("dial of a blocked address succeeded")
	}

	requireError(t, err, KindUnsafeURL, ReasonBlockedAddress)
}

func TestDialerAllowsExemptAddress(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })

	d := newDialer(Config{AllowedCIDRs: loopbackOnly}.withDefaults())
	conn, err := d.dialChecked(context.Background(), "tcp", ln.Addr().String())
	if err != nil {
		t.Fatalf("dialChecked of an exempt address: %v", err)
	}
	conn.Close()
}

func TestDNSFailure(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		lookup func(context.Context, string) ([]netip.Addr, error)
	}{
		{"not found", func(_ context.Context, host string) ([]netip.Addr, error) {
			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}},
		{"no addresses", func(context.Context, string) ([]netip.Addr, error) {
			return nil, nil
		}},
		{"server failure", func(context.Context, string) ([]netip.Addr, error) {
			return nil, errors.New("server misbehaving")
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFetcher(t, Config{LookupNetIP: tt.lookup})

			_, err := f.Check(context.Background(), "https://missing.example.com/a")
			requireError(t, err, KindUnreachable, ReasonDNSFailed)
		})
	}
}

// discardWriter is an io.Writer that counts and drops what it gets.
type discardWriter struct {
	n int
}

func (w *discardWriter) Write(p []byte) (int, error) {
	w.n += len(p)

	return len(p), nil
}
