package fetch

import (
	"net/url"
	"strings"
	"testing"
)

func TestParseURL(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name   string
		url    string
		reason string // "" when the URL is accepted
	}{
		{"name", "https://media.example.com/a.mp3?X-Amz-Signature=abc", ""},
		{"upper-case scheme and host", "HTTPS://Media.Example.COM/a", ""},
		{"mixed-case scheme", "hTtPs://media.example.com/a", ""},
		{"trailing dot", "https://media.example.com./a", ""},
		{"underscore", "https://a_b.example.com/a", ""},
		{"port", "https://media.example.com:8443/a", ""},
		{"dotted quad", "https://203.0.113.7/a", ""},
		{"IPv6", "https://[2606:4700::1111]:8443/a", ""},
		{"IPv4-mapped IPv6", "https://[::ffff:127.0.0.1]/a", ""},
		{"numeric inner label", "https://1.2.3.4.example.com/a", ""},

		{"http", "http://media.example.com/a", ReasonNotHTTPS},
		{"ftp", "ftp://media.example.com/a", ReasonNotHTTPS},
		{"no scheme", "//media.example.com/a", ReasonNotHTTPS},
		{"relative", "a.mp3", ReasonNotHTTPS},
		{"user and password", "https://user:secret@media.example.com/a", ReasonUserInfo},
		{"user only", "https://user@media.example.com/a", ReasonUserInfo},
		{"empty user", "https://@media.example.com/a", ReasonUserInfo},
		{"no host", "https:///a", ReasonEmptyHost},
		{"port only", "https://:443/a", ReasonEmptyHost},
		{"opaque", "https:media.example.com", ReasonEmptyHost},
		{"decimal", "https://2130706433/", ReasonAmbiguousIP},
		{"octal", "https://0177.0.0.1/", ReasonAmbiguousIP},
		{"hex", "https://0x7f.0.0.1/", ReasonAmbiguousIP},
		{"hex whole", "https://0x7f000001/", ReasonAmbiguousIP},
		{"short", "https://127.1/", ReasonAmbiguousIP},
		{"dotted quad with dot", "https://127.0.0.1./", ReasonAmbiguousIP},
		{"five parts", "https://1.2.3.4.5/", ReasonAmbiguousIP},
		{"bare hex prefix", "https://example.0x/", ReasonAmbiguousIP},
		{"leading zero", "https://127.0.0.01/", ReasonAmbiguousIP},
		{"zone", "https://[fe80::1%25eth0]/", ReasonIPv6Zone},
		{"IPv4 in brackets", "https://[127.0.0.1]/", ReasonInvalidURL},
		{"empty label", "https://media..example.com/", ReasonInvalidHost},
		{"two trailing dots", "https://media.example.com../", ReasonInvalidHost},
		{"leading hyphen", "https://-media.example.com/", ReasonInvalidHost},
		{"non-ASCII", "https://bücher.example/", ReasonInvalidHost},
		{"long label", "https://" + strings.Repeat("a", 64) + ".example.com/", ReasonInvalidHost},
		{"long name", "https://" + strings.Repeat("abcdefgh.", 30) + "com/", ReasonInvalidHost},
		{"port zero", "https://media.example.com:0/", ReasonInvalidPort},
		{"port too high", "https://media.example.com:65536/", ReasonInvalidPort},
		{"backslash", `https://media.example.com\@127.0.0.1/`, ReasonInvalidURL},
		{"space", "https://media example.com/", ReasonInvalidURL},
		{"control character", "https://media.example.com/\x00", ReasonInvalidURL},
		{"too long", "https://media.example.com/" + strings.Repeat("a", MaxURLLength), ReasonInvalidURL},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			u, ferr := parseURL(tt.url)
			if tt.reason == "" {
				if ferr != nil {
					t.Fatalf("parseURL(%q) = %v, want accepted", tt.url, ferr)
				}

				if u == nil {
					t.Fatalf("parseURL(%q) returned no URL", tt.url)
				}

				return
			}

			requireError(t, ferr, KindUnsafeURL, tt.reason)
		})
	}
}

func TestValidateURLRedirectTarget(t *testing.T) {
	t.Parallel()
	tests := []struct {
		url    string
		reason string
	}{
		{"http://media.example.com/a", ReasonRedirectNotHTTPS},
		{"https://user@media.example.com/a", ReasonUserInfo},
		{"https://0x7f.0.0.1/a", ReasonAmbiguousIP},
	}
	for _, tt := range tests {
		u, err := url.Parse(tt.url)
		if err != nil {
			t.Fatalf("parse %q: %v", tt.url, err)
		}

		ferr := requireError(t, validateURL(u, true), KindUnsafeURL, tt.reason)
		if !strings.HasPrefix(ferr.Message, "redirect target") {
			t.Errorf("Message = %q, want it to start with \"redirect target\"", ferr.Message)
		}
	}
}

func TestParseURLMessageNamesValue(t *testing.T) {
	t.Parallel()
	_, ferr := parseURL("http://media.example.com/a")
	want := `media URL has scheme "http", but only https is allowed`
	if ferr == nil || ferr.Message != want {
		t.Errorf("Message = %v, want %q", ferr, want)
	}
}
