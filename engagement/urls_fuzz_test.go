package engagement_test

import (
	"net/url"
	"strings"
	"testing"
	"unicode"
	"unicode/utf8"

	"engagements/engagement"
)

// urlSeeds are the starting inputs of both URL fuzz targets.
var urlSeeds = []string{
	"https://media.example.com/a.mp3",
	"HTTPS://Media.Example.COM:8443/a.mp3?x=1#t",
	"https://[2001:db8::1]:443/a",
	"https://[fe80::1%25eth0]/",
	"https://user:pw@host/",
	"https://evil.example\\@good.example/",
	"https:/host",
	"https:host",
	"//host",
	"https://%68ost/",
	"https://0x7f.1/",
	"https://127.0.0.1./",
	"wavv://call/123",
	"salesforce:record/1",
	"javascript:alert(1)",
	"JaVaScRiPt:alert(1)",
	"java\tscript:alert(1)",
	"\x00javascript:alert(1)",
	" data:text/html,hi",
	"javascript%3Aalert(1)",
	"java%73cript:alert(1)",
	"vbscript:x",
	"blob:https://a/b",
	"file:///etc/passwd",
	"https://a\u2028b/",
	"",
}

func FuzzCheckExternalURL(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, s string) {
		p := engagement.CheckExternalURL(s)
		if p != nil {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
			return
		}

		if !utf8.ValidString(s) {
			t.Fatalf("accepted invalid UTF-8 %q", s)
		}
		for _, r := range s {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				t.Fatalf("accepted %q with whitespace or control character %U", s, r)
			}
		}

		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("accepted %q, which url.Parse rejects: %v", s, err)
		}
		if u.Scheme == "" {
			t.Fatalf("accepted %q without a scheme", s)
		}
		switch strings.ToLower(u.Scheme) {
		case "javascript", "data", "vbscript", "blob", "file":
			t.Fatalf("accepted %q with blocked scheme %q", s, u.Scheme)
		}
	})
}

func FuzzCheckMediaURL(f *testing.F) {
	for _, s := range urlSeeds {
		f.Add(s)
	}

	f.Fuzz(func(t *testing.T, s string) {
		p := engagement.CheckMediaURL(s)
		if p != nil {
			if p.Code == "" || p.Message == "" {
				t.Fatalf("problem without code or message: %+v", p)
			}
			return
		}

		u, err := url.Parse(s)
		if err != nil {
			t.Fatalf("accepted %q, which url.Parse rejects: %v", s, err)
		}
		if u.Scheme != "https" {
			t.Fatalf("accepted %q with scheme %q", s, u.Scheme)
		}
		if u.Host == "" || u.Hostname() == "" {
			t.Fatalf("accepted %q without a host", s)
		}
		if u.User != nil {
			t.Fatalf("accepted %q with user info %q", s, u.User)
		}
		if strings.ContainsAny(u.Host, "\\%@") {
			t.Fatalf("accepted %q with host %q", s, u.Host)
		}
		for _, r := range s {
			if unicode.IsSpace(r) || unicode.IsControl(r) {
				t.Fatalf("accepted %q with whitespace or control character %U", s, r)
			}
		}
	})
}
