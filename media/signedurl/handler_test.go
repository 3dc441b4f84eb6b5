package signedurl

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"engagements/media/blob"
)

// mediaRecord is one row of the fake Lookup.
type mediaRecord struct {
	key         string
	contentType string
}

// mapLookup is a Lookup backed by a map from media id to record.
type mapLookup map[string]mediaRecord

func (m mapLookup) MediaObject(_ context.Context, id string) (string, string, error) {
	record, ok := m[id]
	if !ok {
		return "", "", fmt.Errorf("media %q: %w", id, blob.ErrNotFound)
	}
	return record.key, record.contentType, nil
}

// failingLookup is a Lookup whose backend is down.
type failingLookup struct{}

func (failingLookup) MediaObject(context.Context, string) (string, string, error) {
	return "", "", errors.New("database connection refused")
}

// handlerFixture is a Handler over a LocalDisk in a temporary directory,
// with a clock that the test moves and a log that it reads.
type handlerFixture struct {
	handler http.Handler
	signer  *Signer
	store   *blob.LocalDisk
	now     time.Time
	logs    bytes.Buffer
	content []byte
}

const testMediaID = "rec-1"

func newHandlerFixture(t *testing.T, lookup Lookup) *handlerFixture {
	t.Helper()
	f := &handlerFixture{now: testNow, content: make([]byte, 1000)}
	for i := range f.content {
		f.content[i] = byte(i % 251)
	}

	store, err := blob.NewLocalDisk(t.TempDir())
	if err != nil {
		t.Fatalf("NewLocalDisk: %v", err)
	}
	t.Cleanup(func() { _ = store.Close() })
	f.store = store
	f.put(t, "rec-1/recording.mp3", f.content)
	f.put(t, "rec-html/page", []byte("<script>alert(1)</script>"))
	f.put(t, "rec-space/recording.mp3", f.content)

	if lookup == nil {
		lookup = mapLookup{
			testMediaID: {"rec-1/recording.mp3", "audio/mpeg"},
			"rec-html":  {"rec-html/page", "text/html"},
			"rec-gone":  {"rec-gone/recording.mp3", "audio/mpeg"},
			"rec one/2": {"rec-space/recording.mp3", "audio/mpeg"},
		}
	}

	f.signer, err = NewSigner(testKey(), testTTL, func() time.Time { return f.now })
	if err != nil {
		t.Fatalf("NewSigner: %v", err)
	}

	logger := slog.New(slog.NewTextHandler(&f.logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	f.handler = Handler(f.signer, lookup, store, logger)

	return f
}

func (f *handlerFixture) put(t *testing.T, key string, content []byte) {
	t.Helper()
	w, err := f.store.Create(context.Background(), key)
	if err != nil {
		t.Fatalf("Create(%q): %v", key, err)
	}
	if _, err := w.Write(content); err != nil {
		t.Fatalf("Write: %v", err)
	}
	if err := w.Commit(); err != nil {
		t.Fatalf("Commit: %v", err)
	}
}

func (f *handlerFixture) link(id string) string {
	link, _ := f.signer.URL(id)
	return link
}

func (f *handlerFixture) do(t *testing.T, method, target string, header http.Header) *httptest.ResponseRecorder {
	t.Helper()
	r := httptest.NewRequest(method, target, nil)
	for name, values := range header {
		r.Header[name] = values
	}
	w := httptest.NewRecorder()
	f.handler.ServeHTTP(w, r)
	return w
}

func assertStatus(t *testing.T, w *httptest.ResponseRecorder, want int) {
	t.Helper()
	if w.Code != want {
		t.Fatalf("status = %d, want %d; body %q", w.Code, want, w.Body.String())
	}
}

func assertHeader(t *testing.T, w *httptest.ResponseRecorder, name, want string) {
	t.Helper()
	if got := w.Header().Get(name); got != want {
		t.Errorf("%s = %q, want %q", name, got, want)
	}
}

func TestHandlerServesMedia(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodGet, f.link(testMediaID), nil)
	assertStatus(t, w, http.StatusOK)
	if !bytes.Equal(w.Body.Bytes(), f.content) {
		t.Errorf("body is %d bytes that differ from the %d stored", w.Body.Len(), len(f.content))
	}
	assertHeader(t, w, "Content-Type", "audio/mpeg")
	assertHeader(t, w, "X-Content-Type-Options", "nosniff")
	assertHeader(t, w, "Content-Disposition", "inline")
	assertHeader(t, w, "Accept-Ranges", "bytes")
	assertHeader(t, w, "Content-Length", strconv.Itoa(len(f.content)))
	if w.Header().Get("Last-Modified") == "" {
		t.Error("Last-Modified is missing")
	}
}

func TestHandlerCacheControl(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		after time.Duration
		want  string
	}{
		// testNow has 0.6s past the second, which the expiry rounds away.
		{"when signed", 0, "private, max-age=899"},
		{"ten minutes later", 10 * time.Minute, "private, max-age=299"},
		{"at expiry", testTTL - 600*time.Millisecond, "private, max-age=0"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newHandlerFixture(t, nil)
			link := f.link(testMediaID)
			f.now = f.now.Add(tt.after)

			w := f.do(t, http.MethodGet, link, nil)
			assertStatus(t, w, http.StatusOK)
			assertHeader(t, w, "Cache-Control", tt.want)
		})
	}
}

func TestHandlerRejectsLink(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		// edit turns a valid link's id and query into the requested ones.
		edit func(id string, query url.Values) (string, url.Values)
		// later moves the clock forward before the request.
		later time.Duration
	}{
		{"tampered id", func(_ string, q url.Values) (string, url.Values) { return "rec-html", q }, 0},
		{"unknown id", func(_ string, q url.Values) (string, url.Values) { return "rec-2", q }, 0},
		{"tampered expires", func(id string, q url.Values) (string, url.Values) {
			exp, _ := strconv.ParseInt(q.Get("expires"), 10, 64)
			q.Set("expires", strconv.FormatInt(exp+60, 10))
			return id, q
		}, 0},
		{"tampered sig", func(id string, q url.Values) (string, url.Values) {
			q.Set("sig", flipFirst(q.Get("sig")))
			return id, q
		}, 0},
		{"truncated sig", func(id string, q url.Values) (string, url.Values) {
			q.Set("sig", q.Get("sig")[:20])
			return id, q
		}, 0},
		{"expired", func(id string, q url.Values) (string, url.Values) { return id, q }, testTTL + time.Second},
		{"missing expires", func(id string, q url.Values) (string, url.Values) {
			q.Del("expires")
			return id, q
		}, 0},
		{"missing sig", func(id string, q url.Values) (string, url.Values) {
			q.Del("sig")
			return id, q
		}, 0},
		{"no query", func(id string, _ url.Values) (string, url.Values) { return id, url.Values{} }, 0},
		{"repeated sig", func(id string, q url.Values) (string, url.Values) {
			q.Add("sig", q.Get("sig"))
			return id, q
		}, 0},
		{"repeated expires", func(id string, q url.Values) (string, url.Values) {
			q.Add("expires", q.Get("expires"))
			return id, q
		}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newHandlerFixture(t, nil)
			_, expires, sig := splitLink(t, f.link(testMediaID))
			id, query := tt.edit(testMediaID, url.Values{"expires": {expires}, "sig": {sig}})
			f.now = f.now.Add(tt.later)

			w := f.do(t, http.MethodGet, "/media/"+url.PathEscape(id)+"?"+query.Encode(), nil)
			assertStatus(t, w, http.StatusForbidden)
			assertHeader(t, w, "Content-Type", "text/plain; charset=utf-8")
			if got := w.Body.String(); got != "Forbidden\n" {
				t.Errorf("body = %q, want %q", got, "Forbidden\n")
			}

			logs := f.logs.String()
			if !strings.Contains(logs, "level=INFO") || !strings.Contains(logs, "media link rejected") {
				t.Errorf("log %q lacks an info line for the rejected link", logs)
			}
			if !strings.Contains(logs, "media_id="+id) {
				t.Errorf("log %q lacks media_id=%s", logs, id)
			}
			if strings.Contains(logs, sig[:20]) {
				t.Errorf("log %q contains the signature", logs)
			}
		})
	}
}

func TestHandlerUnknownMedia(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodGet, f.link("rec-unknown"), nil)
	assertStatus(t, w, http.StatusNotFound)
	if strings.Contains(f.logs.String(), "level=ERROR") {
		t.Errorf("unknown media was logged as an error: %q", f.logs.String())
	}
}

func TestHandlerObjectMissing(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodGet, f.link("rec-gone"), nil)
	assertStatus(t, w, http.StatusNotFound)
	logs := f.logs.String()
	if !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "media_id=rec-gone") {
		t.Errorf("log %q lacks an error line for rec-gone", logs)
	}
}

func TestHandlerLookupError(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, failingLookup{})

	w := f.do(t, http.MethodGet, f.link(testMediaID), nil)
	assertStatus(t, w, http.StatusInternalServerError)
	if strings.Contains(w.Body.String(), "database") {
		t.Errorf("body %q exposes the internal error", w.Body.String())
	}
	logs := f.logs.String()
	if !strings.Contains(logs, "level=ERROR") || !strings.Contains(logs, "database connection refused") {
		t.Errorf("log %q lacks the internal error", logs)
	}
}

func TestHandlerRange(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodGet, f.link(testMediaID), http.Header{"Range": {"bytes=100-199"}})
	assertStatus(t, w, http.StatusPartialContent)
	if !bytes.Equal(w.Body.Bytes(), f.content[100:200]) {
		t.Errorf("body is not bytes 100 to 199 of the object")
	}
	assertHeader(t, w, "Content-Range", fmt.Sprintf("bytes 100-199/%d", len(f.content)))
	assertHeader(t, w, "Content-Length", "100")
}

func TestHandlerHead(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodHead, f.link(testMediaID), nil)
	assertStatus(t, w, http.StatusOK)
	assertHeader(t, w, "Content-Length", strconv.Itoa(len(f.content)))
	assertHeader(t, w, "Content-Type", "audio/mpeg")
	if w.Body.Len() != 0 {
		t.Errorf("HEAD body has %d bytes, want 0", w.Body.Len())
	}
}

func TestHandlerIfModifiedSince(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)
	obj, err := f.store.Open(context.Background(), "rec-1/recording.mp3")
	if err != nil {
		t.Fatalf("Open: %v", err)
	}
	modTime := obj.ModTime()
	_ = obj.Close()

	tests := []struct {
		name  string
		since time.Time
		want  int
	}{
		{"not modified", modTime, http.StatusNotModified},
		{"modified", modTime.Add(-time.Hour), http.StatusOK},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			header := http.Header{"If-Modified-Since": {tt.since.UTC().Format(http.TimeFormat)}}
			w := f.do(t, http.MethodGet, f.link(testMediaID), header)
			assertStatus(t, w, tt.want)
		})
	}
}

func TestHandlerMethodNotAllowed(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	for _, method := range []string{http.MethodPost, http.MethodPut, http.MethodDelete} {
		w := f.do(t, method, f.link(testMediaID), nil)
		if w.Code != http.StatusMethodNotAllowed {
			t.Errorf("%s status = %d, want %d", method, w.Code, http.StatusMethodNotAllowed)
		}
	}
}

func TestHandlerUnsafeContentType(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodGet, f.link("rec-html"), nil)
	assertStatus(t, w, http.StatusOK)
	assertHeader(t, w, "Content-Type", octetStream)
	assertHeader(t, w, "X-Content-Type-Options", "nosniff")
	if !strings.Contains(f.logs.String(), "level=WARN") {
		t.Errorf("log %q lacks a warning about the content type", f.logs.String())
	}
}

func TestHandlerEscapedID(t *testing.T) {
	t.Parallel()
	f := newHandlerFixture(t, nil)

	w := f.do(t, http.MethodGet, f.link("rec one/2"), nil)
	assertStatus(t, w, http.StatusOK)
	if !bytes.Equal(w.Body.Bytes(), f.content) {
		t.Error("body differs from the stored object")
	}
}
