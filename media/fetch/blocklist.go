package fetch

import "net/netip"

// blockedRange is one destination range that a Fetcher never connects to.
// class is the adjective phrase, with its article, that error messages put
// before "address", such as "a loopback".
type blockedRange struct {
	prefix netip.Prefix
	class  string
}

// blockedIPv4 lists the IPv4 ranges that are not reachable public unicast
// addresses, from the IANA IPv4 Special-Purpose Address Registry. More
// specific prefixes come first so that the class is the most precise one.
var blockedIPv4 = []blockedRange{
	{netip.MustParsePrefix("255.255.255.255/32"), "a broadcast"},
	{netip.MustParsePrefix("0.0.0.0/8"), "an unspecified (this network)"},
	{netip.MustParsePrefix("10.0.0.0/8"), "a private"},
	{netip.MustParsePrefix("100.64.0.0/10"), "a shared (carrier-grade NAT)"},
	{netip.MustParsePrefix("127.0.0.0/8"), "a loopback"},
	{netip.MustParsePrefix("169.254.0.0/16"), "a link-local"},
	{netip.MustParsePrefix("172.16.0.0/12"), "a private"},
	{netip.MustParsePrefix("192.0.0.0/24"), "an IETF protocol assignment"},
	{netip.MustParsePrefix("192.0.2.0/24"), "a documentation"},
	{netip.MustParsePrefix("192.88.99.0/24"), "a 6to4 relay anycast"},
	{netip.MustParsePrefix("192.168.0.0/16"), "a private"},
	{netip.MustParsePrefix("198.18.0.0/15"), "a benchmarking"},
	{netip.MustParsePrefix("198.51.100.0/24"), "a documentation"},
	{netip.MustParsePrefix("203.0.113.0/24"), "a documentation"},
	{netip.MustParsePrefix("224.0.0.0/4"), "a multicast"},
	{netip.MustParsePrefix("240.0.0.0/4"), "a reserved"},
}

// blockedIPv6 lists the IPv6 ranges blocked outright. Addresses outside
// 2000::/3 are blocked as well (see ipv6Class), so this list only needs the
// ranges inside it and those whose class a message should name.
var blockedIPv6 = []blockedRange{
	{netip.MustParsePrefix("::/128"), "an unspecified"},
	{netip.MustParsePrefix("::1/128"), "a loopback"},
	{netip.MustParsePrefix("::/96"), "an IPv4-compatible"},
	{netip.MustParsePrefix("64:ff9b:1::/48"), "a local-use NAT64"},
	{netip.MustParsePrefix("100::/64"), "a discard-only"},
	{netip.MustParsePrefix("2001:db8::/32"), "a documentation"},
	// 2001::/23 holds Teredo (2001::/32, whose embedded client address is
	// obscured), benchmarking and ORCHID ranges, none of them media servers.
	{netip.MustParsePrefix("2001::/23"), "an IETF protocol assignment"},
	{netip.MustParsePrefix("3fff::/20"), "a documentation"},
	{netip.MustParsePrefix("5f00::/16"), "an SRv6 segment identifier"},
	{netip.MustParsePrefix("fc00::/7"), "a unique local"},
	{netip.MustParsePrefix("fe80::/10"), "a link-local"},
	{netip.MustParsePrefix("fec0::/10"), "a site-local"},
	{netip.MustParsePrefix("ff00::/8"), "a multicast"},
}

var (
	// nat64Prefix is the well-known NAT64 prefix. Its last 32 bits are an
	// IPv4 address, which may be public on an IPv6-only network with DNS64.
	nat64Prefix = netip.MustParsePrefix("64:ff9b::/96")

	// sixToFourPrefix is the 6to4 prefix, whose bits 16 to 47 are an IPv4
	// address.
	sixToFourPrefix = netip.MustParsePrefix("2002::/16")

	// globalUnicast is the only IPv6 range from which global unicast
	// addresses are allocated.
	globalUnicast = netip.MustParsePrefix("2000::/3")
)

// IsBlocked reports whether a Fetcher refuses to connect to addr, ignoring
// Config.AllowedCIDRs. It blocks invalid addresses, every special-purpose
// IPv4 range, IPv6 outside 2000::/3 and the special ranges inside it, and
// any IPv4-mapped, IPv4-compatible, NAT64 or 6to4 address that embeds a
// blocked IPv4 address. The zone of addr is ignored.
func IsBlocked(addr netip.Addr) bool {
	_, blocked := blockedClass(addr)

	return blocked
}

// blockedClass returns the class of the range that blocks addr, such as
// "a loopback" or "a private", and whether addr is blocked.
func blockedClass(addr netip.Addr) (string, bool) {
	if !addr.IsValid() {
		return "an invalid", true
	}

	addr = addr.WithZone("").Unmap()
	if addr.Is4() {
		return matchRange(blockedIPv4, addr)
	}

	return ipv6Class(addr)
}

// ipv6Class is blockedClass for an IPv6 address that is not IPv4-mapped.
func ipv6Class(addr netip.Addr) (string, bool) {
	if embedded, form, ok := embeddedIPv4(addr); ok {
		class, blocked := matchRange(blockedIPv4, embedded)
		if blocked {
			return class + " (" + form + " form)", true
		}

		return "", false
	}

	if class, blocked := matchRange(blockedIPv6, addr); blocked {
		return class, true
	}

	if !globalUnicast.Contains(addr) {
		return "a reserved", true
	}

	return "", false
}

// embeddedIPv4 returns the IPv4 address that a NAT64 or 6to4 address
// carries, and the name of that form.
func embeddedIPv4(addr netip.Addr) (netip.Addr, string, bool) {
	b := addr.As16()
	switch {
	case nat64Prefix.Contains(addr):
		return netip.AddrFrom4([4]byte(b[12:16])), "NAT64", true
	case sixToFourPrefix.Contains(addr):
		return netip.AddrFrom4([4]byte(b[2:6])), "6to4", true
	}

	return netip.Addr{}, "", false
}

// matchRange returns the class of the first range in ranges that contains
// addr.
func matchRange(ranges []blockedRange, addr netip.Addr) (string, bool) {
	for _, r := range ranges {
		if r.prefix.Contains(addr) {
			return r.class, true
		}
	}

	return "", false
}
