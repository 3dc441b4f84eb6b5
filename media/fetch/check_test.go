package fetch

import (
	"context"
	"net/http"
	"sync"
	"testing"
)

// requestLog records the requests a test server receives.
type requestLog struct {
	mu       sync.Mutex
	requests []*http.Request
}

// record wraps next so that every request is logged before next handles it.
func (l *requestLog) record(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		l.mu.Lock()
		l.requests = append(l.requests, r.Clone(context.Background()))
		l.mu.Unlock()
		next.ServeHTTP(w, r)
	})
}

// all returns a copy of the recorded requests.
func (l *requestLog) all() []*http.Request {
	l.mu.Lock()
	defer l.mu.Unlock()

	return append([]*http.Request(nil), l.requests...)
}

func TestCheckAcceptsMedia(t *testing.T) {
	t.Parallel()
	var recorded requestLog
	srv := newServer(t, recorded.record(mediaHandler("Audio/MPEG; charset=binary", []byte("ID3 audio"))))
	f := serverFetcher(t, srv)

	info, err := f.Check(context.Background(), srv.URL+"/a.mp3")
	if err != nil {
		t.Fatalf("Check: %v", err)
	}

	if info.ContentType != "audio/mpeg" {
		t.Errorf("ContentType = %q, want %q", info.ContentType, "audio/mpeg")
	}

	if info.ContentLength != 9 {
		t.Errorf("ContentLength = %d, want 9", info.ContentLength)
	}

	requests := recorded.all()
	if len(requests) != 1 {
		t.Fatalf("server got %d requests, want 1", len(requests))
	}

	r := requests[0]
	if r.Method != http.MethodGet {
		t.Errorf("method = %s, want GET", r.Method)
	}

	if got := r.Header.Get("User-Agent"); got != UserAgent {
		t.Errorf("User-Agent = %q, want %q", got, UserAgent)
	}

	for _, name := range []string{"Cookie", "Authorization", "Referer", "Accept-Encoding"} {
		if got := r.Header.Get(name); got != "" {
			t.Errorf("request has %s %q, want none", name, got)
		}
	}
}

func TestCheckAcceptsVideo(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("video/mp4", []byte("ftyp")))
	f := serverFetcher(t, srv)

	info, err := f.Check(context.Background(), srv.URL+"/a.mp4")
	if err != nil {
		t.Fatalf("Check: %v", err)
	}

	if info.ContentType != "video/mp4" {
		t.Errorf("ContentType = %q, want %q", info.ContentType, "video/mp4")
	}
}

func TestCheckRejectsContentType(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name        string
		contentType string
	}{
		{"missing", ""},
		{"octet-stream", "application/octet-stream"},
		{"html", "text/html; charset=utf-8"},
		{"audio without subtype", "audio/"},
		{"audio prefix only", "audio"},
		{"lookalike", "audiox/mpeg"},
		{"garbage", ";;;"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, mediaHandler(tt.contentType, []byte("<html>")))
			f := serverFetcher(t, srv)

			_, err := f.Check(context.Background(), srv.URL+"/a")
			requireError(t, err, KindNotAudioOrVideo, ReasonUnsupportedContentType)
		})
	}
}

func TestCheckRejectsTwoContentTypes(t *testing.T) {
	t.Parallel()
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Add("Content-Type", "audio/mpeg")
		w.Header().Add("Content-Type", "text/html")
	}))
	f := serverFetcher(t, srv)

	_, err := f.Check(context.Background(), srv.URL+"/a")
	requireError(t, err, KindNotAudioOrVideo, ReasonUnsupportedContentType)
}

func TestCheckRejectsStatus(t *testing.T) {
	t.Parallel()
	tests := []struct {
		status int
		reason string
	}{
		{http.StatusNotFound, "http_status_404"},
		{http.StatusForbidden, "http_status_403"},
		{http.StatusInternalServerError, "http_status_500"},
		{http.StatusNotModified, "http_status_304"},
	}
	for _, tt := range tests {
		t.Run(tt.reason, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
				w.Header().Set("Content-Type", "audio/mpeg")
				w.WriteHeader(tt.status)
			}))
			f := serverFetcher(t, srv)

			_, err := f.Check(context.Background(), srv.URL+"/a")
			requireError(t, err, KindUnreachable, tt.reason)
		})
	}
}

func TestCheckStatusMessage(t *testing.T) {
	t.Parallel()
	srv := newServer(t, http.NotFoundHandler())
	f := serverFetcher(t, srv)

	_, err := f.Check(context.Background(), srv.URL+"/a")
	ferr := requireError(t, err, KindUnreachable, "http_status_404")

	want := `host "127.0.0.1" returned HTTP status "404 Not Found", but a 2xx status is required`
	if ferr.Message != want {
		t.Errorf("Message = %q, want %q", ferr.Message, want)
	}
}

func TestCheckRejectsUnsafeURLBeforeDialing(t *testing.T) {
	t.Parallel()
	var recorded requestLog
	srv := newServer(t, recorded.record(mediaHandler("audio/mpeg", nil)))
	f := serverFetcher(t, srv)

	plain := "http" + srv.URL[len("https"):] + "/a"
	_, err := f.Check(context.Background(), plain)
	requireError(t, err, KindUnsafeURL, ReasonNotHTTPS)

	withUser := "https://user:secret@" + srv.Listener.Addr().String() + "/a"
	_, err = f.Check(context.Background(), withUser)
	requireError(t, err, KindUnsafeURL, ReasonUserInfo)

	if n := len(recorded.all()); n != 0 {
		t.Errorf("server got %d requests, want 0", n)
	}
}
