package ingest

import (
	"bytes"
	"context"
	"crypto/x509"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"runtime"
	"testing"
	"time"

	"engagements/media/fetch"
)

// safetyTimeout ends a download that the code under test failed to end, so
// a broken rule fails the test with fetch_timeout instead of hanging it.
const safetyTimeout = 20 * time.Second

// partner starts a loopback HTTPS server with handler and returns a fetcher
// that trusts it.
func partner(t *testing.T, handler http.HandlerFunc) (*httptest.Server, *fetch.Fetcher) {
	t.Helper()
	srv := httptest.NewTLSServer(handler)
	t.Cleanup(srv.Close)

	roots := x509.NewCertPool()
	roots.AddCert(srv.Certificate())
	fetcher := fetch.New(fetch.Config{
		RootCAs:      roots,
		AllowedCIDRs: []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
	})
	t.Cleanup(fetcher.CloseIdleConnections)

	return srv, fetcher
}

// stallingHandler sends headers declaring 10 bytes and 5 of them, closes
// entered, and holds the connection until release is closed.
func stallingHandler(entered, release chan struct{}) http.HandlerFunc {
	return func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Content-Length", "10")
		_, _ = w.Write([]byte("ID3ab"))
		w.(http.Flusher).Flush()
		close(entered)
		<-release
	}
}

func TestDownloadStalledBody(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	srv, fetcher := partner(t, stallingHandler(entered, release))
	// Registered after the server, so it runs first and frees the handler
	// before Close waits for it.
	t.Cleanup(func() { close(release) })

	ctx, cancel := context.WithTimeout(context.Background(), safetyTimeout)
	defer cancel()
	_, err := downloadWatched(ctx, fetcher, srv.URL+"/a.mp3", &bytes.Buffer{}, 1<<20, 100*time.Millisecond)

	if !errors.Is(err, errDownloadStalled) {
		t.Fatalf("err = %v, want a stall", err)
	}
	if reason, permanent := classify(err); reason != ReasonDownloadStalled || permanent {
		t.Errorf("classify = %q, %v; want %q, false", reason, permanent, ReasonDownloadStalled)
	}
}

func TestDownloadSlowBodyNotStalled(t *testing.T) {
	t.Parallel()
	const chunks = 20
	chunk := bytes.Repeat([]byte("x"), minProgressBytes)
	srv, fetcher := partner(t, func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Content-Length", fmt.Sprint(chunks*len(chunk)))
		for range chunks {
			_, _ = w.Write(chunk)
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	})

	// The body takes about twice the idle timeout, but enough bytes to
	// count as progress arrive every tenth of it.
	ctx, cancel := context.WithTimeout(context.Background(), safetyTimeout)
	defer cancel()
	var dst bytes.Buffer
	result, err := downloadWatched(ctx, fetcher, srv.URL+"/a.mp3", &dst, 4<<20, 200*time.Millisecond)

	if err != nil {
		t.Fatalf("download: %v", err)
	}
	if result.Bytes != chunks*minProgressBytes || dst.Len() != chunks*minProgressBytes {
		t.Errorf("result %d bytes, wrote %d; want %d", result.Bytes, dst.Len(), chunks*minProgressBytes)
	}
}

func TestDownloadTrickleIsStalled(t *testing.T) {
	t.Parallel()
	srv, fetcher := partner(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Content-Length", "1000")
		// A byte every 20 ms never adds up to minProgressBytes.
		for range 1000 {
			if _, err := w.Write([]byte("x")); err != nil || r.Context().Err() != nil {
				return
			}
			w.(http.Flusher).Flush()
			time.Sleep(20 * time.Millisecond)
		}
	})

	ctx, cancel := context.WithTimeout(context.Background(), safetyTimeout)
	defer cancel()
	_, err := downloadWatched(ctx, fetcher, srv.URL+"/a.mp3", &bytes.Buffer{}, 1<<20, 200*time.Millisecond)
	if !errors.Is(err, errDownloadStalled) {
		t.Fatalf("err = %v, want a stall for a trickling host", err)
	}
}

func TestDownloadSlowHeadersNotStalled(t *testing.T) {
	t.Parallel()
	srv, fetcher := partner(t, func(w http.ResponseWriter, _ *http.Request) {
		// Slower than the idle timeout, but within the header timeout.
		time.Sleep(300 * time.Millisecond)
		w.Header().Set("Content-Type", "audio/mpeg")
		_, _ = w.Write([]byte("ID3"))
	})

	ctx, cancel := context.WithTimeout(context.Background(), safetyTimeout)
	defer cancel()
	_, err := downloadWatched(ctx, fetcher, srv.URL+"/a.mp3", &bytes.Buffer{}, 1<<20, 50*time.Millisecond)

	if err != nil {
		t.Errorf("download with slow headers: %v, want success", err)
	}
}

func TestDownloadCanceledNotStalled(t *testing.T) {
	t.Parallel()
	entered, release := make(chan struct{}), make(chan struct{})
	srv, fetcher := partner(t, stallingHandler(entered, release))
	t.Cleanup(func() { close(release) })

	ctx, cancel := context.WithTimeout(context.Background(), safetyTimeout)
	defer cancel()
	go func() {
		<-entered
		cancel()
	}()
	_, err := downloadWatched(ctx, fetcher, srv.URL+"/a.mp3", &bytes.Buffer{}, 1<<20, time.Minute)

	if errors.Is(err, errDownloadStalled) {
		t.Errorf("err = %v, a stall; want a cancellation", err)
	}
	if reason, permanent := classify(err); reason != reasonCanceled || permanent {
		t.Errorf("classify(%v) = %q, %v; want %q, false", err, reason, permanent, reasonCanceled)
	}
}

func TestStallWatchFires(t *testing.T) {
	t.Parallel()
	ctx, watch := watchStall(context.Background(), 20*time.Millisecond)
	defer watch.stop()
	watch.progress()

	select {
	case <-ctx.Done():
	case <-time.After(safetyTimeout):
		t.Fatal("watch never canceled an idle context")
	}
	if cause := context.Cause(ctx); !errors.Is(cause, errDownloadStalled) {
		t.Errorf("cause = %v, want a stall", cause)
	}
}

func TestStallWatchNotArmed(t *testing.T) {
	t.Parallel()
	ctx, watch := watchStall(context.Background(), 5*time.Millisecond)

	// Many idle periods pass without a first byte.
	time.Sleep(100 * time.Millisecond)
	err := ctx.Err()
	watch.stop()

	if err != nil {
		t.Errorf("context ended with %v before the first byte, want it running", context.Cause(ctx))
	}
}

// TestStallWatchStopLeavesNoGoroutine is not parallel, so no parallel test
// starts goroutines while it counts them.
func TestStallWatchStopLeavesNoGoroutine(t *testing.T) {
	before := runtime.NumGoroutine()

	for range 100 {
		ctx, watch := watchStall(context.Background(), time.Hour)
		watch.progress()
		watch.stop()
		if cause := context.Cause(ctx); errors.Is(cause, errDownloadStalled) {
			t.Fatalf("cause after stop = %v, want no stall", cause)
		}
	}

	// stop waits for the watch to close its exited channel, and the
	// goroutine returns right after, so give the scheduler a few turns.
	after := runtime.NumGoroutine()
	for i := 0; i < 100 && after > before; i++ {
		runtime.Gosched()
		time.Sleep(time.Millisecond)
		after = runtime.NumGoroutine()
	}
	if after > before {
		t.Errorf("goroutines = %d after 100 stopped watches, want at most %d", after, before)
	}
}
