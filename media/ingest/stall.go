package ingest

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http/httptrace"
	"sync/atomic"
	"time"

	"engagements/media/fetch"
)

// DefaultIdleTimeout is how long a download may go without receiving a byte
// before the worker cancels it as stalled.
const DefaultIdleTimeout = 60 * time.Second

// ReasonDownloadStalled is the failure reason of a download that received
// no byte for the idle timeout. Clients see it as the media failure reason,
// so it keeps its meaning once released. A retry may pass, like a timeout.
const ReasonDownloadStalled = "download_stalled"

// errDownloadStalled is the cancellation cause of a stalled download, so the
// worker can tell a stall from a shutdown, which also cancels the context.
var errDownloadStalled = errors.New("download stalled")

// notArmed is the value of stallWatch.last before the server has sent a
// byte.
const notArmed = -1

// stallWatch cancels a download's context when no response byte arrives for
// idle. Its clock starts at the first byte of the response, because the
// fetcher's connect, TLS handshake and response header timeouts already
// bound each redirect hop before that and report their own reasons.
type stallWatch struct {
	idle   time.Duration
	start  time.Time
	last   atomic.Int64 // time of the latest byte since start, in ns; notArmed before the first
	cancel context.CancelCauseFunc
	done   chan struct{}
	exited chan struct{}
}

// watchStall starts a watch and returns it with the context, derived from
// ctx, that it cancels with an errDownloadStalled cause. The caller must
// call stop once the download has ended.
func watchStall(ctx context.Context, idle time.Duration) (context.Context, *stallWatch) {
	ctx, cancel := context.WithCancelCause(ctx)
	s := &stallWatch{
		idle:   idle,
		start:  time.Now(),
		cancel: cancel,
		done:   make(chan struct{}),
		exited: make(chan struct{}),
	}
	s.last.Store(notArmed)

	go s.run(ctx)

	return ctx, s
}

// progress records that a byte arrived now. It is safe to call from any
// goroutine, also after stop.
func (s *stallWatch) progress() {
	s.last.Store(int64(time.Since(s.start)))
}

// stop ends the watch and releases its context. It returns after the
// watch's goroutine has exited, so no stall cause can be set afterwards.
func (s *stallWatch) stop() {
	close(s.done)
	<-s.exited
	s.cancel(nil)
}

func (s *stallWatch) run(ctx context.Context) {
	defer close(s.exited)

	timer := time.NewTimer(s.idle)
	defer timer.Stop()

	for {
		select {
		case <-s.done:
			return
		case <-ctx.Done():
			return
		case <-timer.C:
		}

		last := s.last.Load()
		if last == notArmed {
			timer.Reset(s.idle)
			continue
		}

		quiet := time.Since(s.start) - time.Duration(last)
		if quiet >= s.idle {
			s.cancel(fmt.Errorf("%w: no media bytes arrived for %s", errDownloadStalled, s.idle))
			return
		}

		timer.Reset(s.idle - quiet)
	}
}

// minProgressBytes is how much data counts as progress. Without it, a host
// that trickles a few bytes at a time would hold a worker for the whole job
// timeout. With it, a download must move 64 KiB per idle timeout, about
// 1 KiB/s with the default.
const minProgressBytes = 64 << 10

// progressWriter passes writes to dst and records progress each time
// another minProgressBytes have arrived.
type progressWriter struct {
	dst   io.Writer
	watch *stallWatch
	// pending counts the bytes since the last recorded progress. Download
	// writes from one goroutine, so it needs no lock.
	pending *int
}

// Write implements io.Writer. It records progress both before and after the
// write to dst, so that time spent in blob storage does not count as the
// partner's silence.
//
// NOTE: a single write to dst that blocks for longer than the idle timeout
// is still reported as a stalled download.
func (p progressWriter) Write(b []byte) (int, error) {
	*p.pending += len(b)
	credited := *p.pending >= minProgressBytes
	if credited {
		p.watch.progress()
	}
	n, err := p.dst.Write(b)
	if credited {
		p.watch.progress()
		*p.pending = 0
	}

	return n, err
}

// downloadWatched runs fetcher.Download and cancels it when no response byte
// arrives for idle. A stalled download returns an error that wraps
// errDownloadStalled. Other errors are Download's own.
func downloadWatched(ctx context.Context, fetcher *fetch.Fetcher, url string, dst io.Writer, maxBytes int64, idle time.Duration) (fetch.Result, error) {
	watchCtx, watch := watchStall(ctx, idle)
	defer watch.stop()

	// The first byte of each response, redirects included, starts or resets
	// the clock.
	traceCtx := httptrace.WithClientTrace(watchCtx, &httptrace.ClientTrace{
		GotFirstResponseByte: watch.progress,
	})

	result, err := fetcher.Download(traceCtx, url, progressWriter{dst: dst, watch: watch, pending: new(int)}, maxBytes)
	if err != nil {
		if cause := context.Cause(watchCtx); errors.Is(cause, errDownloadStalled) {
			return fetch.Result{}, fmt.Errorf("%w: %w", cause, err)
		}

		return fetch.Result{}, err
	}

	return result, nil
}
