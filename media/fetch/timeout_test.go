package fetch

import (
	"context"
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"testing"
	"time"
)

// shortTimeout is the timeout under test in the cases that wait for one.
// The tests check which timeout fired, never how long it took.
const shortTimeout = 200 * time.Millisecond

// newHangingServer starts an HTTPS server whose handler sends nothing until
// the test ends or the client goes away.
func newHangingServer(t *testing.T) *httptest.Server {
	t.Helper()
	done := make(chan struct{})
	// The handler waits for the test to end, not for the client to leave:
	// returning when the client gives up would send an empty response that
	// can race the client's own deadline.
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		<-done
	}))

	// Registered after newServer, so it runs before srv.Close, which waits
	// for the handler to return.
	t.Cleanup(func() { close(done) })

	return srv
}

func TestSlowResponseHeaders(t *testing.T) {
	t.Parallel()
	srv := newHangingServer(t)
	f := newFetcher(t, Config{
		RootCAs:               rootsOf(srv),
		AllowedCIDRs:          loopbackOnly,
		ResponseHeaderTimeout: shortTimeout,
	})

	_, err := f.Check(context.Background(), srv.URL+"/a")
	ferr := requireError(t, err, KindUnreachable, ReasonFetchTimeout)

	want := `host "127.0.0.1" did not send response headers within 200ms`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestSlowTLSHandshake(t *testing.T) {
	t.Parallel()

	// A listener that accepts connections and never responds to the
	// ClientHello.
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	t.Cleanup(func() { ln.Close() })

	go func() {
		for {
			conn, err := ln.Accept()
			if err != nil {
				return
			}
			t.Cleanup(func() { conn.Close() })
		}
	}()

	f := newFetcher(t, Config{AllowedCIDRs: loopbackOnly, TLSHandshakeTimeout: shortTimeout})

	_, err = f.Check(context.Background(), "https://"+ln.Addr().String()+"/a")
	ferr := requireError(t, err, KindUnreachable, ReasonTLSTimeout)

	want := `TLS handshake with host "127.0.0.1" timed out after 200ms`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestConnectTimeout(t *testing.T) {
	t.Parallel()
	f := newFetcher(t, Config{AllowedCIDRs: loopbackOnly, ConnectTimeout: shortTimeout})

	// Stand in for a host that drops SYN packets, which loopback cannot do.
	f.dialer.dialTCP = func(ctx context.Context, _, _ string) (net.Conn, error) {
		<-ctx.Done()

		return nil, ctx.Err()
	}

	_, err := f.Check(context.Background(), "https://127.0.0.1:9/a")
	ferr := requireError(t, err, KindUnreachable, ReasonConnectTimeout)

	want := `connecting to host "127.0.0.1" timed out after 200ms`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestSlowLookup(t *testing.T) {
	t.Parallel()
	lookup := func(ctx context.Context, _ string) ([]netip.Addr, error) {
		<-ctx.Done()

		return nil, ctx.Err()
	}
	f := newFetcher(t, Config{ConnectTimeout: shortTimeout, LookupNetIP: lookup})

	_, err := f.Check(context.Background(), "https://slow.example.com/a")
	ferr := requireError(t, err, KindUnreachable, ReasonDNSFailed)

	want := `resolving host "slow.example.com" timed out after 200ms`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestConnectRefused(t *testing.T) {
	t.Parallel()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatalf("listen: %v", err)
	}
	addr := ln.Addr().String()
	ln.Close()

	f := newFetcher(t, Config{AllowedCIDRs: loopbackOnly})

	_, err = f.Check(context.Background(), "https://"+addr+"/a")
	requireError(t, err, KindUnreachable, ReasonConnectFailed)
}

func TestUntrustedCertificate(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", []byte("ID3")))

	// The system roots do not include the test server's certificate.
	f := newFetcher(t, Config{AllowedCIDRs: loopbackOnly})

	_, err := f.Check(context.Background(), srv.URL+"/a")
	ferr := requireError(t, err, KindUnreachable, ReasonTLSError)

	want := `TLS handshake with host "127.0.0.1" failed because the certificate is not signed by a trusted authority`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestCertificateForOtherName(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", []byte("ID3")))
	hosts := map[string][]netip.Addr{"media.example.org": {netip.MustParseAddr("127.0.0.1")}}
	f := newFetcher(t, Config{
		RootCAs:      rootsOf(srv),
		AllowedCIDRs: loopbackOnly,
		LookupNetIP:  fakeLookup(t, hosts),
	})

	_, err := f.Check(context.Background(), "https://media.example.org:"+portOf(t, srv)+"/a")
	requireError(t, err, KindUnreachable, ReasonTLSError)
}

func TestNameMatchingCertificate(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", []byte("ID3")))
	hosts := map[string][]netip.Addr{
		"media.example.com":  {netip.MustParseAddr("127.0.0.1")},
		"media.example.com.": {netip.MustParseAddr("127.0.0.1")},
	}
	f := newFetcher(t, Config{
		RootCAs:      rootsOf(srv),
		AllowedCIDRs: loopbackOnly,
		LookupNetIP:  fakeLookup(t, hosts),
	})

	for _, host := range []string{"media.example.com", "media.example.com."} {
		if _, err := f.Check(context.Background(), "https://"+host+":"+portOf(t, srv)+"/a"); err != nil {
			t.Errorf("Check of host %q: %v", host, err)
		}
	}
}

func TestContextDeadline(t *testing.T) {
	t.Parallel()
	srv := newHangingServer(t)
	f := serverFetcher(t, srv)

	ctx, cancel := context.WithTimeout(context.Background(), shortTimeout)
	defer cancel()

	_, err := f.Check(ctx, srv.URL+"/a")
	ferr := requireError(t, err, KindUnreachable, ReasonFetchTimeout)
	if !errors.Is(ferr, context.DeadlineExceeded) {
		t.Errorf("error %v does not wrap context.DeadlineExceeded", err)
	}
}

func TestContextCanceled(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", []byte("ID3")))
	f := serverFetcher(t, srv)

	ctx, cancel := context.WithCancel(context.Background())
	cancel()

	_, err := f.Check(ctx, srv.URL+"/a")
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("error = %v, want one wrapping context.Canceled", err)
	}

	var ferr *Error
	if errors.As(err, &ferr) {
		t.Errorf("error is *Error %s %s, want a plain error for the caller's cancellation",
			ferr.Kind, ferr.Reason)
	}
}
