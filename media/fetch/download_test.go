package fetch

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"net/http"
	"strconv"
	"strings"
	"testing"
	"time"
)

// rawResponse returns a handler that hijacks the connection and writes
// head (status line and headers, without the blank line) and body exactly
// as given, so a test can send framing that net/http would not produce.
func rawResponse(t *testing.T, head string, body []byte) http.HandlerFunc {
	t.Helper()

	return func(w http.ResponseWriter, _ *http.Request) {
		conn, buf, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Errorf("hijack: %v", err)

			return
		}
		defer conn.Close()

		buf.WriteString(head + "\r\n\r\n")
		buf.Write(body)
		buf.Flush()
	}
}

// chunkedHandler serves audio without a Content-Length, in chunks of
// chunkSize, until size bytes are sent or the client goes away.
func chunkedHandler(size, chunkSize int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/wav")
		chunk := bytes.Repeat([]byte{'x'}, chunkSize)
		for sent := 0; sent < size; sent += chunkSize {
			if _, err := w.Write(chunk[:min(chunkSize, size-sent)]); err != nil {
				return
			}

			http.NewResponseController(w).Flush()
		}
	}
}

// sha256Hex returns the SHA-256 of b in hex.
func sha256Hex(b []byte) string {
	sum := sha256.Sum256(b)

	return hex.EncodeToString(sum[:])
}

func TestDownloadWritesBody(t *testing.T) {
	t.Parallel()
	body := bytes.Repeat([]byte("media bytes "), 10_000)
	srv := newServer(t, mediaHandler("video/webm; codecs=vp9", body))
	f := serverFetcher(t, srv)

	var dst bytes.Buffer
	res, err := f.Download(context.Background(), srv.URL+"/a.webm", &dst, int64(len(body)))
	if err != nil {
		t.Fatalf("Download: %v", err)
	}

	if !bytes.Equal(dst.Bytes(), body) {
		t.Errorf("destination has %d bytes that differ from the %d sent", dst.Len(), len(body))
	}

	if res.Bytes != int64(len(body)) {
		t.Errorf("Bytes = %d, want %d", res.Bytes, len(body))
	}

	if want := sha256Hex(body); res.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", res.SHA256, want)
	}

	if res.ContentType != "video/webm" {
		t.Errorf("ContentType = %q, want %q", res.ContentType, "video/webm")
	}
}

func TestDownloadEmptyBody(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", nil))
	f := serverFetcher(t, srv)

	var dst bytes.Buffer
	res, err := f.Download(context.Background(), srv.URL+"/a", &dst, 10)
	if err != nil {
		t.Fatalf("Download: %v", err)
	}

	if want := sha256Hex(nil); res.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", res.SHA256, want)
	}
}

func TestDownloadSizeLimit(t *testing.T) {
	t.Parallel()
	const limit = 100_000
	tests := []struct {
		name    string
		handler http.HandlerFunc
		ok      bool
	}{
		{"declared at limit", mediaHandler("audio/mpeg", make([]byte, limit)), true},
		{"declared over limit", mediaHandler("audio/mpeg", make([]byte, limit+1)), false},
		{"chunked at limit", chunkedHandler(limit, 1000), true},
		{"chunked one byte over", chunkedHandler(limit+1, 1000), false},
		{"chunked far over", chunkedHandler(100*limit, 4096), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			srv := newServer(t, tt.handler)
			f := serverFetcher(t, srv)

			var dst discardWriter
			res, err := f.Download(context.Background(), srv.URL+"/a", &dst, limit)
			if tt.ok {
				if err != nil {
					t.Fatalf("Download: %v", err)
				}

				if res.Bytes != limit {
					t.Errorf("Bytes = %d, want %d", res.Bytes, limit)
				}

				return
			}

			ferr := requireError(t, err, KindTooLarge, ReasonTooLarge)
			want := fmt.Sprintf(`media from host "127.0.0.1" is larger than the limit of %d bytes`, limit)
			if ferr.Message != want {
				t.Errorf("Message = %q, want %q", ferr.Message, want)
			}

			if dst.n > limit {
				t.Errorf("destination got %d bytes, more than the limit of %d", dst.n, limit)
			}
		})
	}
}

func TestDownloadDeclaredTooLargeFailsBeforeReading(t *testing.T) {
	t.Parallel()
	// Far larger than one read, so streaming would reach the destination
	// before the limit.
	const size = 1 << 20
	srv := newServer(t, mediaHandler("audio/mpeg", make([]byte, size)))
	f := serverFetcher(t, srv)

	var dst discardWriter
	_, err := f.Download(context.Background(), srv.URL+"/a", &dst, size-1)
	requireError(t, err, KindTooLarge, ReasonTooLarge)

	if dst.n != 0 {
		t.Errorf("destination got %d bytes, want 0", dst.n)
	}
}

func TestDownloadLyingContentLength(t *testing.T) {
	t.Parallel()
	const limit = 1000

	// Content-Length claims 10 bytes, but Transfer-Encoding takes
	// precedence and the chunked body carries 64 KiB.
	big := bytes.Repeat([]byte{'y'}, 64<<10)
	chunked := fmt.Appendf(nil, "%x\r\n%s\r\n0\r\n\r\n", len(big), big)
	head := "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 10\r\nTransfer-Encoding: chunked"
	srv := newServer(t, rawResponse(t, head, chunked))
	f := serverFetcher(t, srv)

	var dst discardWriter
	_, err := f.Download(context.Background(), srv.URL+"/a", &dst, limit)
	requireError(t, err, KindTooLarge, ReasonTooLarge)

	if dst.n > limit {
		t.Errorf("destination got %d bytes, more than the limit of %d", dst.n, limit)
	}
}

func TestDownloadReadsOnlyDeclaredLength(t *testing.T) {
	t.Parallel()

	// The server sends more bytes than its Content-Length. Only the
	// declared ones are part of the body.
	body := bytes.Repeat([]byte{'z'}, 5000)
	head := "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: 10\r\nConnection: close"
	srv := newServer(t, rawResponse(t, head, body))
	f := serverFetcher(t, srv)

	var dst bytes.Buffer
	res, err := f.Download(context.Background(), srv.URL+"/a", &dst, 100)
	if err != nil {
		t.Fatalf("Download: %v", err)
	}

	if res.Bytes != 10 {
		t.Errorf("Bytes = %d, want 10", res.Bytes)
	}

	if want := sha256Hex(body[:10]); res.SHA256 != want {
		t.Errorf("SHA256 = %s, want %s", res.SHA256, want)
	}
}

func TestDownloadTruncatedBody(t *testing.T) {
	t.Parallel()
	head := "HTTP/1.1 200 OK\r\nContent-Type: audio/mpeg\r\nContent-Length: " + strconv.Itoa(5000)
	srv := newServer(t, rawResponse(t, head, make([]byte, 100)))
	f := serverFetcher(t, srv)

	var dst discardWriter
	_, err := f.Download(context.Background(), srv.URL+"/a", &dst, 10_000)
	requireError(t, err, KindUnreachable, ReasonBodyReadFailed)
}

func TestDownloadRejectsContentType(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("application/octet-stream", []byte("data")))
	f := serverFetcher(t, srv)

	var dst discardWriter
	_, err := f.Download(context.Background(), srv.URL+"/a", &dst, 100)
	requireError(t, err, KindNotAudioOrVideo, ReasonUnsupportedContentType)

	if dst.n != 0 {
		t.Errorf("destination got %d bytes, want 0", dst.n)
	}
}

func TestDownloadRejectsStatus(t *testing.T) {
	t.Parallel()
	srv := newServer(t, http.NotFoundHandler())
	f := serverFetcher(t, srv)

	var dst discardWriter
	_, err := f.Download(context.Background(), srv.URL+"/a", &dst, 100)
	requireError(t, err, KindUnreachable, "http_status_404")
}

// failingWriter fails every write with err.
type failingWriter struct {
	err error
}

func (w failingWriter) Write([]byte) (int, error) {
	return 0, w.err
}

func TestDownloadWriteError(t *testing.T) {
	t.Parallel()
	srv := newServer(t, mediaHandler("audio/mpeg", []byte("ID3")))
	f := serverFetcher(t, srv)

	diskFull := errors.New("disk full")
	_, err := f.Download(context.Background(), srv.URL+"/a", failingWriter{diskFull}, 100)
	if !errors.Is(err, diskFull) {
		t.Fatalf("error = %v, want one wrapping the write error", err)
	}

	var ferr *Error
	if errors.As(err, &ferr) {
		t.Errorf("error is *Error %s %s, want a plain error for the caller's writer", ferr.Kind, ferr.Reason)
	}
}

func TestDownloadRejectsNonPositiveLimit(t *testing.T) {
	t.Parallel()
	f := newFetcher(t, Config{})
	for _, limit := range []int64{0, -1} {
		var dst discardWriter
		_, err := f.Download(context.Background(), "https://media.example.com/a", &dst, limit)
		if err == nil {
			t.Errorf("Download with maxBytes %d succeeded, want an error", limit)
		}
	}
}

func TestDownloadBodyDeadline(t *testing.T) {
	t.Parallel()
	done := make(chan struct{})
	srv := newServer(t, http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Write([]byte("ID3"))
		http.NewResponseController(w).Flush()

		// Returning when the client goes away lets net/http end the chunked
		// body properly, which Download must not take for a whole body.
		select {
		case <-done:
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(func() { close(done) })
	f := serverFetcher(t, srv)

	ctx, cancel := context.WithTimeout(context.Background(), shortTimeout)
	defer cancel()

	var dst discardWriter
	_, err := f.Download(ctx, srv.URL+"/a", &dst, 100)
	requireError(t, err, KindUnreachable, ReasonFetchTimeout)
}

func TestCopyLimitedDistrustsEOFAfterDeadline(t *testing.T) {
	t.Parallel()
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, 0))
	defer cancel()

	var dst discardWriter
	_, _, err := copyLimited(ctx, &dst, strings.NewReader("ID3"), 100, "media.example.com")
	requireError(t, err, KindUnreachable, ReasonFetchTimeout)
}
