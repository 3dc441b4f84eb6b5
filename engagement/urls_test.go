package engagement_test

import (
	"fmt"
	"strings"
	"testing"

	"engagements/engagement"
)

type urlCase struct {
	url  string
	code engagement.ErrorCode // empty when accepted
	// message is a part of the expected message. It distinguishes checks
	// that return the same code, and is empty where that does not matter.
	message string
}

func runURLCases(t *testing.T, check func(string) *engagement.Problem, tests []urlCase) {
	t.Helper()

	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.60q", tt.url), func(t *testing.T) {
			t.Parallel()

			got := check(tt.url)
			if tt.code == "" {
				if got != nil {
					t.Fatalf("rejected with %s: %s", got.Code, got.Message)
				}
				return
			}

			if got == nil {
				t.Fatalf("accepted, want %s", tt.code)
			}
			if got.Code != tt.code {
				t.Errorf("code = %s, want %s (message %q)", got.Code, tt.code, got.Message)
			}
			if got.Message == "" {
				t.Error("message is empty")
			}
			if !strings.Contains(got.Message, tt.message) {
				t.Errorf("message %q does not contain %q", got.Message, tt.message)
			}
		})
	}
}

func TestCheckExternalURL(t *testing.T) {
	t.Parallel()

	const (
		ok      = ""
		invalid = engagement.CodeInvalid
		unsafe  = engagement.CodeUnsafeURL
		tooLong = engagement.CodeTooLong
	)
	runURLCases(t, engagement.CheckExternalURL, []urlCase{
		{"https://crm.example.com/calls/1?tab=notes#top", ok, ""},
		{"http://crm.example.com/calls/1", ok, ""},
		{"HTTPS://crm.example.com/", ok, ""},
		{"wavv://call/123", ok, ""},
		{"salesforce:record/1", ok, ""},
		{"x-app+v1.2-beta:open", ok, ""},
		{"mailto:ann@example.com", ok, ""},
		{"https://crm.example.com/" + strings.Repeat("a", engagement.MaxURLLength-24), ok, ""},
		{"https://crm.example.com/" + strings.Repeat("a", engagement.MaxURLLength-23), tooLong, ""},

		{"javascript:alert(1)", unsafe, ""},
		{"JaVaScRiPt:alert(1)", unsafe, `scheme "JaVaScRiPt"`},
		{"JAVASCRIPT:alert(1)", unsafe, ""},
		{"javascript://example.com/%0Aalert(1)", unsafe, ""},
		{"data:text/html,<script>alert(1)</script>", unsafe, ""},
		{"DATA:text/html;base64,PHNjcmlwdD4=", unsafe, ""},
		{"vbscript:msgbox(1)", unsafe, ""},
		{"VBScript:msgbox(1)", unsafe, ""},
		{"blob:https://example.com/0b1c", unsafe, ""},
		{"file:///etc/passwd", unsafe, ""},
		{"File://host/share", unsafe, ""},
		{"https://crm.example.com@evil.example/", unsafe, ""},
		{"https://user:pw@crm.example.com/", unsafe, "user info"},

		{"java\tscript:alert(1)", invalid, "U+0009"},
		{"java\nscript:alert(1)", invalid, ""},
		{"java\rscript:alert(1)", invalid, ""},
		{" javascript:alert(1)", invalid, ""},
		{"\x00javascript:alert(1)", invalid, ""},
		{"\x01javascript:alert(1)", invalid, ""},
		{"javascript:alert(1)\x7f", invalid, ""},
		{"https://example.com/ ", invalid, ""},
		{" https://example.com/", invalid, ""},
		{"https://example.com/a b", invalid, ""},
		{"https://example.com/\u0085", invalid, ""},
		{"https://example.com/\u2028", invalid, ""},
		{"https://example.com/\u2029", invalid, ""},
		{"https://example.com/\u00a0", invalid, ""},
		{"https://example.com/\u3000", invalid, ""},
		{"https://example.com/\u200b", invalid, "U+200B"},
		{"https://example.com/\u202e", invalid, ""},
		{"\ufeffhttps://example.com/", invalid, ""},
		{"https://example.com/\xff", invalid, "not valid UTF-8"},
		{"javascript%3Aalert(1)", invalid, "not an absolute URI"},
		{"java%73cript:alert(1)", invalid, "not an absolute URI"},
		{"%6Aavascript:alert(1)", invalid, "not an absolute URI"},
		{"//example.com/path", invalid, ""},
		{"/calls/1", invalid, ""},
		{"calls/1", invalid, ""},
		{"", invalid, ""},
		{":foo", invalid, "not an absolute URI"},
		{"1app:open", invalid, "not an absolute URI"},
		{"-app:open", invalid, "not an absolute URI"},
		{"ja_va:open", invalid, "not an absolute URI"},
		{"https:crm.example.com", invalid, "has no host"},
		{"https:/crm.example.com", invalid, ""},
		{"https:///crm.example.com", invalid, ""},
		{"https://crm.example.com:port/", invalid, "cannot be parsed"},
		{"https://crm.example.com\\evil.example/", invalid, ""},
	})
}

func TestCheckMediaURL(t *testing.T) {
	t.Parallel()

	const (
		ok      = ""
		invalid = engagement.CodeInvalid
		unsafe  = engagement.CodeUnsafeURL
		tooLong = engagement.CodeTooLong
	)
	runURLCases(t, engagement.CheckMediaURL, []urlCase{
		{"https://media.example.com/calls/1.mp3", ok, ""},
		{"HTTPS://Media.Example.COM/calls/1.mp3", ok, ""},
		{"https://media.example.com", ok, ""},
		{"https://media.example.com:8443/a.mp3?sig=abc%2Fdef#t=10", ok, ""},
		{"https://media.example.com./a.mp3", ok, ""},
		{"https://media_1.example.com/a.mp3", ok, ""},
		{"https://192.0.2.1/a.mp3", ok, ""},
		{"https://[2001:db8::1]/a.mp3", ok, ""},
		{"https://[2001:db8::1]:443/a.mp3", ok, ""},
		{"https://media.example.com/b%C3%A4r.mp3", ok, ""},
		{"https://media.example.com/bär.mp3", ok, ""},
		{"https://media.example.com/" + strings.Repeat("a", engagement.MaxURLLength-26), ok, ""},
		{"https://media.example.com/" + strings.Repeat("a", engagement.MaxURLLength-25), tooLong, ""},

		{"http://media.example.com/a.mp3", unsafe, "must start with https://"},
		{"ftp://media.example.com/a.mp3", unsafe, ""},
		{"file:///etc/passwd", unsafe, ""},
		{"javascript:alert(1)", unsafe, ""},
		{"httpss://media.example.com/", unsafe, ""},
		{"", unsafe, ""},
		{"https://", unsafe, "empty host"},
		{"https:///a.mp3", unsafe, "empty host"},
		{"https://:443/a.mp3", unsafe, "empty host"},
		{"https://?x", unsafe, ""},
		{"https:/media.example.com/a.mp3", unsafe, "must start with https://"},
		{"https:media.example.com/a.mp3", unsafe, "must start with https://"},
		{"//media.example.com/a.mp3", unsafe, "must start with https://"},
		{"media.example.com/a.mp3", unsafe, ""},
		{"https://user@media.example.com/a.mp3", unsafe, "user info"},
		{"https://user:pw@media.example.com/a.mp3", unsafe, ""},
		{"https://@media.example.com/a.mp3", unsafe, "user info"},
		{"https://media.example.com@evil.example/a.mp3", unsafe, ""},
		{"https://evil.example\\@media.example.com/a.mp3", unsafe, "backslash"},
		{"https:\\\\evil.example/a.mp3", unsafe, ""},
		{"https://media.example.com\\a.mp3", unsafe, ""},
		{"https://media.example.com/a\\b.mp3", unsafe, ""},
		{"https://%6Dedia.example.com/a.mp3", unsafe, "percent sign"},
		{"https://127.0.0.1%2F@evil.example/", unsafe, ""},
		{"https://[fe80::1%25eth0]/a.mp3", unsafe, "percent sign"},
		{"https://[fe80::1%eth0]/a.mp3", unsafe, ""},
		{"https://[::1/a.mp3", unsafe, ""},
		{"https://[example.com]/a.mp3", unsafe, "not an IPv6 address"},
		{"https://[::1]x/a.mp3", unsafe, ""},
		{"https://[1.2.3.4]/a.mp3", unsafe, "not an IPv6 address"},
		{"https://exämple.com/a.mp3", unsafe, "non-ASCII host"},
		{"https://xn--exmple-cua.com/a.mp3", ok, ""},
		{"https://127。0。0。1/a.mp3", unsafe, ""},
		{"https://ｅｘａｍｐｌｅ.com/a.mp3", unsafe, ""},
		{"https://media.example.com:99999/a.mp3", unsafe, "port"},
		{"https://media.example.com:0/a.mp3", unsafe, "port"},
		{"https://media.example.com:-1/a.mp3", unsafe, ""},
		{"https://media.example.com:8080:90/a.mp3", unsafe, ""},
		{"https://a<b.example/a.mp3", unsafe, "may contain only"},
		{"https://a!b.example/a.mp3", unsafe, ""},
		{"https://a..b.example/a.mp3", unsafe, "empty label"},
		{"https://.example.com/a.mp3", unsafe, ""},
		{"https://example.com../a.mp3", unsafe, ""},
		{"https://2130706433/a.mp3", unsafe, "IPv4"},
		{"https://0x7f000001/a.mp3", unsafe, ""},
		{"https://0x7f.1/a.mp3", unsafe, "IPv4"},
		{"https://0177.0.0.1/a.mp3", unsafe, ""},
		{"https://127.1/a.mp3", unsafe, ""},
		{"https://127.0.0.01/a.mp3", unsafe, ""},
		{"https://127.0.0.1./a.mp3", unsafe, ""},
		{"https://256.0.0.1/a.mp3", unsafe, ""},
		{"https://example.0x/a.mp3", unsafe, ""},
		{"https://example.123/a.mp3", unsafe, ""},
		{"https://123.example/a.mp3", ok, ""},
		{"https://0x.example/a.mp3", ok, ""},
		{"https://media.example.com/%zz.mp3", unsafe, "cannot be parsed"},

		{" https://media.example.com/a.mp3", invalid, ""},
		{"https://media.example.com/a.mp3\n", invalid, ""},
		{"https://media.exa\tmple.com/a.mp3", invalid, ""},
		{"https://media.example.com/a.mp3\x00", invalid, ""},
		{"https://media.example.com/\u2028", invalid, ""},
		{"https://media.example.com\u00a0/a.mp3", invalid, ""},
		{"https://media.example.com\u200b/a.mp3", invalid, ""},
		{"https://media.example.com/\xc3", invalid, ""},
	})
}
