package fetch

import (
	"context"
	"crypto/x509"
	"errors"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"net/url"
	"strconv"
	"testing"
)

// loopbackOnly is the AllowedCIDRs of tests that must reach their own
// servers. Only 127.0.0.1 is exempt, so [::1] and 127.0.0.2 stay blocked.
var loopbackOnly = []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")}

// newServer starts an HTTPS server on 127.0.0.1 that is closed when the
// test ends. Its certificate is valid for 127.0.0.1, ::1, example.com and
// *.example.com.
func newServer(t *testing.T, handler http.Handler) *httptest.Server {
	t.Helper()
	srv := httptest.NewUnstartedServer(handler)
	// Tests provoke handshake failures on purpose, and the server would
	// log each of them.
	srv.Config.ErrorLog = log.New(io.Discard, "", 0)
	srv.StartTLS()
	t.Cleanup(srv.Close)

	return srv
}

// rootsOf returns a pool that trusts the certificate of srv.
func rootsOf(srv *httptest.Server) *x509.CertPool {
	pool := x509.NewCertPool()
	pool.AddCert(srv.Certificate())

	return pool
}

// portOf returns the port of srv as text.
func portOf(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	u, err := url.Parse(srv.URL)
	if err != nil {
		t.Fatalf("parse server URL %q: %v", srv.URL, err)
	}

	return u.Port()
}

// fakeLookup returns a LookupNetIP that answers from hosts, and from the
// system resolver for "localhost" only, so that no test queries a DNS
// server. A host missing from hosts fails the test.
func fakeLookup(t *testing.T, hosts map[string][]netip.Addr) func(context.Context, string) ([]netip.Addr, error) {
	t.Helper()

	return func(ctx context.Context, host string) ([]netip.Addr, error) {
		if host == "localhost" {
			return net.DefaultResolver.LookupNetIP(ctx, "ip", host)
		}

		addrs, ok := hosts[host]
		if !ok {
			t.Errorf("lookup of %q, which the test did not expect", host)

			return nil, &net.DNSError{Err: "no such host", Name: host, IsNotFound: true}
		}

		return addrs, nil
	}
}

// newFetcher returns New(cfg) with two test safeguards. Unless cfg sets a
// lookup, any lookup fails the test. A dial wrapper rejects and reports any
// address outside loopback, so even a broken block list sends nothing off
// this machine.
func newFetcher(t *testing.T, cfg Config) *Fetcher {
	t.Helper()
	if cfg.LookupNetIP == nil {
		cfg.LookupNetIP = fakeLookup(t, nil)
	}

	f := New(cfg)
	dial := f.dialer.dialTCP
	f.dialer.dialTCP = func(ctx context.Context, network, address string) (net.Conn, error) {
		addrPort, err := netip.ParseAddrPort(address)
		if err != nil || !addrPort.Addr().IsLoopback() {
			t.Errorf("fetcher dialed %q, which is outside loopback", address)

			return nil, errors.New("test refused a dial outside loopback")
		}

		return dial(ctx, network, address)
	}
	t.Cleanup(f.CloseIdleConnections)

	return f
}

// serverFetcher returns a fetcher that trusts srv and may reach 127.0.0.1.
func serverFetcher(t *testing.T, srv *httptest.Server) *Fetcher {
	t.Helper()

	return newFetcher(t, Config{RootCAs: rootsOf(srv), AllowedCIDRs: loopbackOnly})
}

// requireError fails the test unless err is an *Error of kind and reason,
// and returns it.
func requireError(t *testing.T, err error, kind Kind, reason string) *Error {
	t.Helper()
	var ferr *Error
	if !errors.As(err, &ferr) || ferr == nil {
		t.Fatalf("error = %v (%T), want *Error %s %s", err, err, kind, reason)
	}

	if ferr.Kind != kind {
		t.Errorf("Kind = %s, want %s (error: %v)", ferr.Kind, kind, err)
	}

	if ferr.Reason != reason {
		t.Errorf("Reason = %q, want %q (error: %v)", ferr.Reason, reason, err)
	}

	return ferr
}

// mediaHandler serves every request with contentType and body, with its
// Content-Length declared. An empty contentType sends no Content-Type
// header at all.
func mediaHandler(contentType string, body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		if contentType == "" {
			// A nil value stops net/http from sniffing a Content-Type.
			w.Header()["Content-Type"] = nil
		} else {
			w.Header().Set("Content-Type", contentType)
		}

		w.Header().Set("Content-Length", strconv.Itoa(len(body)))

		w.Write(body)
	}
}
