package fetch

import (
	"context"
	"fmt"
	"net"
	"net/http"
	"net/netip"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
)

// redirectChain returns a handler that redirects /hop/N to /hop/N+1 until
// N reaches hops, then serves audio. Each hop sets a cookie, which the
// fetcher must not send back.
func redirectChain(hops int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		n, err := strconv.Atoi(strings.TrimPrefix(r.URL.Path, "/hop/"))
		if err != nil {
			http.Error(w, "bad path", http.StatusBadRequest)

			return
		}

		if n >= hops {
			mediaHandler("audio/ogg", []byte("OggS"))(w, r)

			return
		}

		http.SetCookie(w, &http.Cookie{Name: "session", Value: "hop" + strconv.Itoa(n)})
		http.Redirect(w, r, fmt.Sprintf("/hop/%d", n+1), http.StatusFound)
	}
}

func TestRedirectsUpToLimit(t *testing.T) {
	t.Parallel()
	var recorded requestLog
	srv := newServer(t, recorded.record(redirectChain(DefaultMaxRedirects)))
	f := serverFetcher(t, srv)

	if _, err := f.Check(context.Background(), srv.URL+"/hop/0?X-Amz-Signature=secret"); err != nil {
		t.Fatalf("Check with %d redirects: %v", DefaultMaxRedirects, err)
	}

	requests := recorded.all()
	if len(requests) != DefaultMaxRedirects+1 {
		t.Fatalf("server got %d requests, want %d", len(requests), DefaultMaxRedirects+1)
	}

	for _, r := range requests[1:] {
		if got := r.Header.Get("User-Agent"); got != UserAgent {
			t.Errorf("%s: User-Agent = %q, want %q", r.URL.Path, got, UserAgent)
		}

		if got := r.Header.Get("Cookie"); got != "" {
			t.Errorf("%s: Cookie = %q, want none", r.URL.Path, got)
		}

		if got := r.Header.Get("Referer"); got != "" {
			t.Errorf("%s: Referer = %q, want none", r.URL.Path, got)
		}
	}
}

func TestRedirectsBeyondLimit(t *testing.T) {
	t.Parallel()
	var recorded requestLog
	srv := newServer(t, recorded.record(redirectChain(DefaultMaxRedirects+1)))
	f := serverFetcher(t, srv)

	_, err := f.Check(context.Background(), srv.URL+"/hop/0")
	requireError(t, err, KindUnsafeURL, ReasonTooManyRedirects)

	if n := len(recorded.all()); n != DefaultMaxRedirects+1 {
		t.Errorf("server got %d requests, want %d", n, DefaultMaxRedirects+1)
	}
}

func TestRedirectsConfiguredLimit(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		maxRedirects int
		hops         int
		ok           bool
	}{
		{"negative follows none", -1, 1, false},
		{"negative without redirect", -1, 0, true},
		{"one allowed", 1, 1, true},
		{"one exceeded", 1, 2, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, redirectChain(tt.hops))
			f := newFetcher(t, Config{
				RootCAs:      rootsOf(srv),
				AllowedCIDRs: loopbackOnly,
				MaxRedirects: tt.maxRedirects,
			})

			_, err := f.Check(context.Background(), srv.URL+"/hop/0")
			if tt.ok {
				if err != nil {
					t.Fatalf("Check: %v", err)
				}

				return
			}

			requireError(t, err, KindUnsafeURL, ReasonTooManyRedirects)
		})
	}
}

func TestRedirectRejectedTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name     string
		location func(port string) string
		reason   string
	}{
		{"to http", func(port string) string { return "http://127.0.0.1:" + port + "/a" }, ReasonRedirectNotHTTPS},
		{"to user info", func(port string) string { return "https://u:p@127.0.0.1:" + port + "/a" }, ReasonUserInfo},
		{"to metadata address", func(string) string { return "https://169.254.169.254/latest/meta-data/" }, ReasonBlockedAddress},
		{"to IPv6 loopback", func(port string) string { return "https://[::1]:" + port + "/a" }, ReasonBlockedAddress},
		{"to other loopback", func(port string) string { return "https://127.0.0.2:" + port + "/a" }, ReasonBlockedAddress},
		{"to hex host", func(port string) string { return "https://0x7f.0.0.1:" + port + "/a" }, ReasonAmbiguousIP},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var targetHits atomic.Int32
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if r.URL.Path == "/a" {
					targetHits.Add(1)
					mediaHandler("audio/mpeg", []byte("ID3"))(w, r)

					return
				}

				_, port, err := net.SplitHostPort(r.Host)
				if err != nil {
					t.Errorf("split request host %q: %v", r.Host, err)
				}

				http.Redirect(w, r, tt.location(port), http.StatusFound)
			}))
			f := serverFetcher(t, srv)

			_, err := f.Check(context.Background(), srv.URL+"/start")
			requireError(t, err, KindUnsafeURL, tt.reason)

			if n := targetHits.Load(); n != 0 {
				t.Errorf("redirect target got %d requests, want 0", n)
			}
		})
	}
}

func TestRedirectRebindingToPrivateAddress(t *testing.T) {
	t.Parallel()

	// The first lookup of the name returns the test server, which
	// AllowedCIDRs exempts. Every later lookup returns a private address, as
	// a rebinding DNS server would. The server closes each
	// connection, so the redirect needs a fresh dial and a fresh lookup.
	var lookups atomic.Int32
	lookup := func(_ context.Context, host string) ([]netip.Addr, error) {
		if host != "media.example.com" {
			t.Errorf("lookup of unexpected host %q", host)
		}

		if lookups.Add(1) == 1 {
			return []netip.Addr{netip.MustParseAddr("127.0.0.1")}, nil
		}

		return []netip.Addr{netip.MustParseAddr("10.0.0.1")}, nil
	}

	var recorded requestLog
	srv := newServer(t, recorded.record(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Connection", "close")
		if r.URL.Path == "/first" {
			http.Redirect(w, r, "/second", http.StatusFound)

			return
		}

		mediaHandler("audio/mpeg", []byte("ID3"))(w, r)
	})))
	f := newFetcher(t, Config{RootCAs: rootsOf(srv), AllowedCIDRs: loopbackOnly, LookupNetIP: lookup})

	_, err := f.Check(context.Background(), "https://media.example.com:"+portOf(t, srv)+"/first")
	ferr := requireError(t, err, KindUnsafeURL, ReasonBlockedAddress)

	want := `host "media.example.com" resolves to a private address, and only public addresses can be fetched`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}

	if n := lookups.Load(); n != 2 {
		t.Errorf("lookups = %d, want 2", n)
	}

	if n := len(recorded.all()); n != 1 {
		t.Errorf("server got %d requests, want 1", n)
	}
}
