package fetch

import (
	"context"
	"net/netip"
	"testing"
)

func TestProxyFromEnvironmentIgnored(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", []byte("ID3")))

	// net/http never proxies loopback hosts, so the URL uses a name.
	hosts := map[string][]netip.Addr{"media.example.com": {netip.MustParseAddr("127.0.0.1")}}
	f := newFetcher(t, Config{
		RootCAs:      rootsOf(srv),
		AllowedCIDRs: loopbackOnly,
		LookupNetIP:  fakeLookup(t, hosts),
	})

	if f.transport.Proxy != nil {
		t.Error("Transport.Proxy is set, want nil")
	}

	if _, err := f.Check(context.Background(), "https://media.example.com:"+portOf(t, srv)+"/a"); err != nil {
		t.Fatalf("Check: %v", err)
	}

	if n := proxyConnections.Load(); n != 0 {
		t.Errorf("proxy got %d connections, want 0", n)
	}
}
