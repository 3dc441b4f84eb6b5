package fetch

import (
	"net/netip"
	"net/url"
	"strings"
	"testing"
)

// FuzzIsBlocked checks that every IPv6 form that embeds an IPv4 address
// is blocked exactly when that IPv4 address is: IPv4-mapped, NAT64
// (64:ff9b::/96) and 6to4 (2002::/16). IPv4-compatible forms are blocked
// whatever they embed. Any 16 bytes must not panic, and unmapping must not
// change the result.
func FuzzIsBlocked(f *testing.F) {
	seeds := [][]byte{
		{127, 0, 0, 1},
		{10, 0, 0, 1},
		{169, 254, 169, 254},
		{93, 184, 216, 34},
		{255, 255, 255, 255},
		{0, 0, 0, 0},
		{100, 64, 0, 0},
		{100, 128, 0, 0},
		netip.MustParseAddr("::1").AsSlice(),
		netip.MustParseAddr("64:ff9b::7f00:1").AsSlice(),
		netip.MustParseAddr("2002:808:808::1").AsSlice(),
		netip.MustParseAddr("2606:4700:4700::1111").AsSlice(),
		netip.MustParseAddr("fe80::1").AsSlice(),
	}
	for _, seed := range seeds {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, raw []byte) {
		if len(raw) == 16 {
			addr := netip.AddrFrom16([16]byte(raw))
			if IsBlocked(addr) != IsBlocked(addr.Unmap()) {
				t.Errorf("IsBlocked(%s) differs from IsBlocked(%s)", addr, addr.Unmap())
			}

			return
		}

		if len(raw) < 4 {
			return
		}

		v4 := netip.AddrFrom4([4]byte(raw[:4]))
		want := IsBlocked(v4)
		b := v4.As4()

		var mapped, nat64, sixToFour, compatible [16]byte
		copy(mapped[:], []byte{10: 0xff, 11: 0xff})
		copy(mapped[12:], b[:])
		copy(nat64[:], []byte{0: 0x00, 1: 0x64, 2: 0xff, 3: 0x9b})
		copy(nat64[12:], b[:])
		copy(sixToFour[:], []byte{0: 0x20, 1: 0x02})
		copy(sixToFour[2:], b[:])
		// Fill the subnet and interface bits of the 6to4 address from the
		// rest of the input, since they must not matter.
		copy(sixToFour[6:], raw[4:])
		copy(compatible[12:], b[:])

		forms := map[string][16]byte{"mapped": mapped, "NAT64": nat64, "6to4": sixToFour}
		for name, form := range forms {
			addr := netip.AddrFrom16(form)
			if got := IsBlocked(addr); got != want {
				t.Errorf("IsBlocked(%s) = %v, but IsBlocked(%s) = %v for its %s form",
					addr, got, v4, want, name)
			}
		}

		if !IsBlocked(netip.AddrFrom16(compatible)) {
			t.Errorf("IsBlocked(%s) = false for an IPv4-compatible address", netip.AddrFrom16(compatible))
		}
	})
}

// FuzzCheckURL checks that the URL checks never panic, and that an
// accepted URL uses https, has no user info and has a host in canonical
// form: a dotted-quad IPv4 address, an IPv6 address without a zone, or a
// DNS name whose last label is not numeric.
func FuzzCheckURL(f *testing.F) {
	seeds := []string{
		"https://media.example.com/a.mp3?X-Amz-Signature=abc",
		"HTTPS://MEDIA.EXAMPLE.COM./a",
		"http://media.example.com/a",
		"https://user:pw@media.example.com/",
		"https://2130706433/",
		"https://0177.0.0.1/",
		"https://0x7f.0.0.1/",
		"https://127.1/",
		"https://127.0.0.1/",
		"https://[::ffff:127.0.0.1]:443/",
		"https://[fe80::1%25eth0]/",
		"https://%31%32%37.0.0.1/",
		"https://media.example.com:0/",
		"https://xn--bcher-kva.example/",
		`https://media.example.com\@127.0.0.1/`,
		"https:media.example.com",
		"https://[::1]x/",
		"",
	}
	for _, seed := range seeds {
		f.Add(seed)
	}

	f.Fuzz(func(t *testing.T, raw string) {
		u, ferr := parseURL(raw)
		if ferr != nil {
			if ferr.Kind != KindUnsafeURL || ferr.Reason == "" || ferr.Message == "" {
				t.Errorf("parseURL(%q) returned incomplete error %+v", raw, ferr)
			}

			return
		}

		if !strings.EqualFold(u.Scheme, "https") {
			t.Errorf("accepted %q with scheme %q", raw, u.Scheme)
		}

		if u.User != nil {
			t.Errorf("accepted %q with user info", raw)
		}

		if !isCanonicalHost(u) {
			t.Errorf("accepted %q with host %q", raw, u.Host)
		}

		// get parses u.String() again for the request, so that URL must pass too.
		again, err := url.Parse(u.String())
		if err != nil {
			t.Fatalf("accepted %q, but its String %q does not parse: %v", raw, u.String(), err)
		}

		if ferr := validateURL(again, false); ferr != nil {
			t.Errorf("accepted %q, but its String %q is rejected: %v", raw, u.String(), ferr)
		}

		if again.Hostname() != u.Hostname() {
			t.Errorf("host %q became %q after String and Parse", u.Hostname(), again.Hostname())
		}
	})
}

// isCanonicalHost reports whether the host of u is in one of the forms
// that validateHost accepts, checked independently of it.
func isCanonicalHost(u *url.URL) bool {
	host := u.Hostname()
	if addr, err := netip.ParseAddr(host); err == nil {
		if addr.Zone() != "" {
			return false
		}

		// An IPv4 address must be unbracketed and print the same as
		// written, and an IPv6 address must be bracketed.
		bracketed := strings.HasPrefix(u.Host, "[")

		return addr.Is4() && !bracketed && addr.String() == host || addr.Is6() && bracketed
	}

	name := strings.TrimSuffix(host, ".")
	if name == "" || len(name) > 253 {
		return false
	}

	labels := strings.Split(name, ".")
	for _, label := range labels {
		if label == "" || len(label) > 63 {
			return false
		}

		for _, c := range label {
			if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_') {
				return false
			}
		}
	}

	last := strings.ToLower(labels[len(labels)-1])
	if strings.Trim(last, "0123456789") == "" {
		return false
	}

	if strings.HasPrefix(last, "0x") && strings.Trim(last[2:], "0123456789abcdef") == "" {
		return false
	}

	return true
}
