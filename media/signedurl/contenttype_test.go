package signedurl

import "testing"

func TestServedContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name    string
		stored  string
		want    string
		allowed bool
	}{
		{"audio", "audio/mpeg", "audio/mpeg", true},
		{"video", "video/mp4", "video/mp4", true},
		{"codecs parameter", `video/webm; codecs="vp8, vorbis"`, `video/webm; codecs="vp8, vorbis"`, true},
		{"upper case", "Audio/MP4", "audio/mp4", true},
		{"html", "text/html", octetStream, false},
		{"html with charset", "text/html; charset=utf-8", octetStream, false},
		{"svg", "image/svg+xml", octetStream, false},
		{"xhtml", "application/xhtml+xml", octetStream, false},
		{"pdf", "application/pdf", octetStream, false},
		{"empty", "", octetStream, false},
		{"malformed", "audio/", octetStream, false},
		{"header injection", "audio/mpeg\r\nSet-Cookie: a=b", octetStream, false},
		{"prefix trick", "audiox/mpeg", octetStream, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			got, allowed := servedContentType(tt.stored)
			if got != tt.want {
				t.Errorf("servedContentType(%q) = %q, want %q", tt.stored, got, tt.want)
			}
			if allowed != tt.allowed {
				t.Errorf("servedContentType(%q) allowed = %v, want %v", tt.stored, allowed, tt.allowed)
			}
		})
	}
}
