package fetch

import (
	"errors"
	"net/netip"
	"testing"
)

func TestIsBlocked(t *testing.T) {
	t.Parallel()

	// Each range is checked at its first and last address and at the
	// addresses just outside it, where those are public.
	tests := []struct {
		addr    string
		blocked bool
	}{
		{"0.0.0.0", true},
		{"0.255.255.255", true},
		{"1.0.0.0", false},
		{"9.255.255.255", false},
		{"10.0.0.0", true},
		{"10.255.255.255", true},
		{"11.0.0.0", false},
		{"100.63.255.255", false},
		{"100.64.0.0", true},
		{"100.127.255.255", true},
		{"100.128.0.0", false},
		{"126.255.255.255", false},
		{"127.0.0.0", true},
		{"127.0.0.1", true},
		{"127.255.255.255", true},
		{"128.0.0.0", false},
		{"169.253.255.255", false},
		{"169.254.0.0", true},
		{"169.254.169.254", true},
		{"169.254.255.255", true},
		{"169.255.0.0", false},
		{"172.15.255.255", false},
		{"172.16.0.0", true},
		{"172.31.255.255", true},
		{"172.32.0.0", false},
		{"191.255.255.255", false},
		{"192.0.0.0", true},
		{"192.0.0.255", true},
		{"192.0.1.0", false},
		{"192.0.1.255", false},
		{"192.0.2.0", true},
		{"192.0.2.255", true},
		{"192.0.3.0", false},
		{"192.88.98.255", false},
		{"192.88.99.0", true},
		{"192.88.99.255", true},
		{"192.88.100.0", false},
		{"192.167.255.255", false},
		{"192.168.0.0", true},
		{"192.168.255.255", true},
		{"192.169.0.0", false},
		{"198.17.255.255", false},
		{"198.18.0.0", true},
		{"198.19.255.255", true},
		{"198.20.0.0", false},
		{"198.51.99.255", false},
		{"198.51.100.0", true},
		{"198.51.100.255", true},
		{"198.51.101.0", false},
		{"203.0.112.255", false},
		{"203.0.113.0", true},
		{"203.0.113.255", true},
		{"203.0.114.0", false},
		{"223.255.255.255", false},
		{"224.0.0.0", true},
		{"239.255.255.255", true},
		{"240.0.0.0", true},
		{"255.255.255.254", true},
		{"255.255.255.255", true},
		{"93.184.216.34", false},
		{"8.8.8.8", false},

		{"::", true},
		{"::1", true},
		{"::2", true},
		{"::ffff:127.0.0.1", true},
		{"::ffff:10.0.0.1", true},
		{"::ffff:169.254.169.254", true},
		{"::ffff:8.8.8.8", false},
		{"::127.0.0.1", true},
		{"::8.8.8.8", true},
		{"64:ff9b::7f00:1", true},
		{"64:ff9b::a00:1", true},
		{"64:ff9b::a9fe:a9fe", true},
		{"64:ff9b::808:808", false},
		{"64:ff9b:1::", true},
		{"64:ff9b:1:ffff:ffff:ffff:ffff:ffff", true},
		{"64:ff9b:1::808:808", true},
		{"2002:7f00:1::", true},
		{"2002:a9fe:a9fe::1", true},
		{"2002:a00:1::", true},
		{"2002::", true},
		{"2002:808:808::", false},
		{"100::", true},
		{"100::ffff:ffff:ffff:ffff", true},
		{"1fff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"2000::", false},
		{"2001::", true},
		{"2001::1", true},
		{"2001:1ff:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"2001:200::", false},
		{"2001:db7:ffff:ffff:ffff:ffff:ffff:ffff", false},
		{"2001:db8::", true},
		{"2001:db8:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"2001:db9::", false},
		{"2606:4700:4700::1111", false},
		{"3ffe:ffff:ffff:ffff:ffff:ffff:ffff:ffff", false},
		{"3fff::", true},
		{"3fff:fff:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"3fff:1000::", false},
		{"4000::", true},
		{"5f00::1", true},
		{"fc00::", true},
		{"fdff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"fe80::", true},
		{"fe80::1%eth0", true},
		{"febf:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
		{"fec0::", true},
		{"ff00::", true},
		{"ff02::1", true},
		{"ffff:ffff:ffff:ffff:ffff:ffff:ffff:ffff", true},
	}
	for _, tt := range tests {
		addr := netip.MustParseAddr(tt.addr)
		if got := IsBlocked(addr); got != tt.blocked {
			t.Errorf("IsBlocked(%s) = %v, want %v", tt.addr, got, tt.blocked)
		}
	}
}

func TestIsBlockedInvalidAddress(t *testing.T) {
	t.Parallel()
	if !IsBlocked(netip.Addr{}) {
		t.Error("IsBlocked(zero Addr) = false, want true")
	}
}

func TestBlockedClass(t *testing.T) {
	t.Parallel()
	tests := []struct {
		addr  string
		class string
	}{
		{"127.0.0.1", "a loopback"},
		{"::ffff:10.1.2.3", "a private"},
		{"169.254.169.254", "a link-local"},
		{"255.255.255.255", "a broadcast"},
		{"64:ff9b::7f00:1", "a loopback (NAT64 form)"},
		{"2002:a9fe:a9fe::", "a link-local (6to4 form)"},
		{"fd00::1", "a unique local"},
		{"4000::", "a reserved"},
	}
	for _, tt := range tests {
		class, blocked := blockedClass(netip.MustParseAddr(tt.addr))
		if !blocked {
			t.Errorf("blockedClass(%s) reports not blocked", tt.addr)
		}

		if class != tt.class {
			t.Errorf("blockedClass(%s) = %q, want %q", tt.addr, class, tt.class)
		}
	}
}

func TestAllowedCIDRsExemptListedPrefixOnly(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		allowed   []string
		addr      string
		permitted bool
	}{
		{"none allowed", nil, "127.0.0.1", false},
		{"listed address", []string{"127.0.0.1/32"}, "127.0.0.1", true},
		{"mapped form of listed", []string{"127.0.0.1/32"}, "::ffff:127.0.0.1", true},
		{"neighbour of listed", []string{"127.0.0.1/32"}, "127.0.0.2", false},
		{"other blocked range", []string{"127.0.0.1/32"}, "10.0.0.1", false},
		{"IPv6 loopback", []string{"127.0.0.1/32"}, "::1", false},
		{"NAT64 form of listed", []string{"127.0.0.1/32"}, "64:ff9b::7f00:1", false},
		{"inside private prefix", []string{"10.1.2.0/24"}, "10.1.2.200", true},
		{"outside private prefix", []string{"10.1.2.0/24"}, "10.1.3.0", false},
		{"mapped prefix", []string{"::ffff:10.1.2.0/120"}, "10.1.2.9", true},
		{"outside mapped prefix", []string{"::ffff:10.1.2.0/120"}, "10.1.3.9", false},
		{"unmasked prefix", []string{"10.1.2.3/24"}, "10.1.2.77", true},
		{"IPv6 prefix", []string{"fd00:1::/32"}, "fd00:1::5", true},
		{"public stays permitted", []string{"10.1.2.0/24"}, "93.184.216.34", true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			var prefixes []netip.Prefix
			for _, p := range tt.allowed {
				prefixes = append(prefixes, netip.MustParsePrefix(p))
			}

			d := newDialer(Config{AllowedCIDRs: prefixes}.withDefaults())
			_, permitted := d.permitted(netip.MustParseAddr(tt.addr))
			if permitted != tt.permitted {
				t.Errorf("permitted(%s) with AllowedCIDRs %v = %v, want %v",
					tt.addr, tt.allowed, permitted, tt.permitted)
			}
		})
	}
}

func TestControlHook(t *testing.T) {
	t.Parallel()
	tests := []struct {
		address string
		blocked bool
	}{
		{"10.0.0.1:443", true},
		{"169.254.169.254:80", true},
		{"[::ffff:169.254.169.254]:80", true},
		{"[::1]:443", true},
		{"[fe80::1%eth0]:443", true},
		{"[64:ff9b::a9fe:a9fe]:443", true},
		{"not an address", true},
		{"93.184.216.34:443", false},
		{"[2606:4700:4700::1111]:443", false},
	}
	d := newDialer(Config{}.withDefaults())
	for _, tt := range tests {
		err := d.control("tcp", tt.address, nil)
		if !tt.blocked {
			if err != nil {
				t.Errorf("control(%q) = %v, want nil", tt.address, err)
			}

			continue
		}

		requireError(t, err, KindUnsafeURL, ReasonBlockedAddress)
	}
}

func TestCheckAddrsRejectsMixedAnswer(t *testing.T) {
	t.Parallel()
	d := newDialer(Config{}.withDefaults())

	public := []netip.Addr{netip.MustParseAddr("93.184.216.34")}
	if err := d.checkAddrs("media.example.com", public); err != nil {
		t.Errorf("checkAddrs(public) = %v, want nil", err)
	}

	mixed := append(public, netip.MustParseAddr("10.0.0.1"))
	ferr := requireError(t, d.checkAddrs("media.example.com", mixed), KindUnsafeURL, ReasonBlockedAddress)

	want := `host "media.example.com" resolves to a private address, and only public addresses can be fetched`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestErrorUnwrap(t *testing.T) {
	t.Parallel()
	cause := errors.New("cause")
	err := error(newError(KindUnreachable, ReasonConnectFailed, "could not connect", cause))
	if !errors.Is(err, cause) {
		t.Error("errors.Is(err, cause) = false, want true")
	}

	if got, want := err.Error(), "could not connect: cause"; got != want {
		t.Errorf("Error() = %q, want %q", got, want)
	}
}

func BenchmarkIsBlocked(b *testing.B) {
	addrs := []netip.Addr{
		netip.MustParseAddr("93.184.216.34"),
		netip.MustParseAddr("2606:4700:4700::1111"),
		netip.MustParseAddr("64:ff9b::808:808"),
	}
	for b.Loop() {
		for _, addr := range addrs {
			IsBlocked(addr)
		}
	}
}
