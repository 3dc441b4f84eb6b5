// Package ingest moves partners' recordings into the server's own storage.
// It checks a media URL while a create runs, and a River worker downloads
// the recording afterwards. A slow download therefore never holds a GraphQL
// request open, and a restart never loses one.
package ingest

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"time"

	"github.com/google/uuid"
	"github.com/riverqueue/river"

	"engagements/db"
	"engagements/engagement"
	"engagements/media/blob"
	"engagements/media/fetch"
)

// DefaultMaxBytes is the largest recording the worker stores: 4 GiB.
const DefaultMaxBytes = 4 << 30

// DefaultTimeout bounds one download attempt. At 4 GiB it allows about
// 2.3 MB/s, which a presigned storage link easily beats.
const DefaultTimeout = 30 * time.Minute

// Store is the part of the database the worker uses.
type Store interface {
	MediaSource(ctx context.Context, id uuid.UUID) (db.MediaSource, error)
	MarkMediaReady(ctx context.Context, id uuid.UUID, m db.StoredMedia) error
	MarkMediaFailed(ctx context.Context, id uuid.UUID, reason string) error
}

// Worker downloads one engagement's recording per job.
type Worker struct {
	river.WorkerDefaults[db.IngestMediaArgs]
	store       Store
	fetcher     *fetch.Fetcher
	blobs       blob.Store
	maxBytes    int64
	timeout     time.Duration
	idleTimeout time.Duration
	logger      *slog.Logger
}

// NewWorker returns a worker storing recordings of at most maxBytes in
// blobs. It cancels an attempt after timeout, or once no byte has arrived
// for idleTimeout. Zero or negative maxBytes, timeout and idleTimeout take
// DefaultMaxBytes, DefaultTimeout and DefaultIdleTimeout.
func NewWorker(store Store, fetcher *fetch.Fetcher, blobs blob.Store, maxBytes int64, timeout, idleTimeout time.Duration, logger *slog.Logger) *Worker {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	if idleTimeout <= 0 {
		idleTimeout = DefaultIdleTimeout
	}
	return &Worker{store: store, fetcher: fetcher, blobs: blobs, maxBytes: maxBytes, timeout: timeout,
		idleTimeout: idleTimeout, logger: logger}
}

// Timeout implements river.Worker: River cancels the job's context after
// it, and Download reports fetch_timeout.
func (w *Worker) Timeout(*river.Job[db.IngestMediaArgs]) time.Duration { return w.timeout }

// Work downloads the recording into blob storage and marks the engagement
// READY. Failures that a retry cannot fix, and the last attempt of the
// others, mark it FAILED with a stable reason. A download canceled by the
// job's context, as when the process stops, marks nothing.
func (w *Worker) Work(ctx context.Context, job *river.Job[db.IngestMediaArgs]) error {
	id := job.Args.EngagementID
	src, err := w.store.MediaSource(ctx, id)
	if errors.Is(err, engagement.ErrNotFound) {
		return river.JobCancel(fmt.Errorf("engagement %s no longer exists", id))
	}
	if err != nil {
		return err
	}
	if src.Status == engagement.MediaReady {
		return nil
	}

	key := "engagements/" + id.String()
	writer, err := w.blobs.Create(ctx, key)
	if err != nil {
		return fmt.Errorf("create blob %s: %w", key, err)
	}
	defer writer.Abort()

	result, err := downloadWatched(ctx, w.fetcher, src.URL, writer, w.maxBytes, w.idleTimeout)
	if err != nil {
		return w.fail(ctx, job, err)
	}
	if err := writer.Commit(); err != nil {
		return fmt.Errorf("commit blob %s: %w", key, err)
	}

	stored := db.StoredMedia{Key: key, ContentType: result.ContentType, Bytes: result.Bytes, SHA256: result.SHA256}
	if err := w.store.MarkMediaReady(ctx, id, stored); err != nil {
		return err
	}
	w.logger.InfoContext(ctx, "media stored", "engagement_id", id, "bytes", result.Bytes,
		"content_type", result.ContentType, "attempt", job.Attempt)
	return nil
}

// fail decides between a retry and a final FAILED state. The error it
// returns for a retry names the reason, so River's record of the attempt
// shows it.
func (w *Worker) fail(ctx context.Context, job *river.Job[db.IngestMediaArgs], err error) error {
	id := job.Args.EngagementID
	reason, permanent := classify(err)
	if reason == reasonCanceled {
		return w.interrupted(ctx, job, err)
	}

	if !permanent && job.Attempt < job.MaxAttempts {
		w.logger.WarnContext(ctx, "media download failed, will retry", "engagement_id", id,
			"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "reason", reason, "err", err)
		return fmt.Errorf("download media, reason %s: %w", reason, err)
	}

	// The job's own context may have ended with a timeout; the final state
	// must still be written.
	markCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 10*time.Second)
	defer cancel()
	if markErr := w.store.MarkMediaFailed(markCtx, id, reason); markErr != nil {
		return markErr
	}
	w.logger.WarnContext(ctx, "media ingest failed", "engagement_id", id, "attempt", job.Attempt,
		"reason", reason, "err", err)
	return river.JobCancel(err)
}

// interrupted handles a download that the job's context canceled, which
// happens when River stops the process. The partner is not at fault, so the
// engagement stays PENDING. River (checked in v0.51.2) makes a job that its
// own shutdown interrupted available again without counting the attempt,
// also on the last one, when the returned error wraps context.Canceled, so
// the error returned here keeps that wrap.
func (w *Worker) interrupted(ctx context.Context, job *river.Job[db.IngestMediaArgs], err error) error {
	// TODO: a job canceled through River's API also lands here, so its
	// engagement stays PENDING instead of FAILED.
	w.logger.WarnContext(ctx, "media download canceled, will retry", "engagement_id", job.Args.EngagementID,
		"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "reason", reasonCanceled, "err", err)
	return fmt.Errorf("download media, reason %s: %w", reasonCanceled, err)
}

// Reasons that classify returns besides the fetch package's. Only
// reasonInternal is stored as a failure reason: reasonCanceled never marks
// an engagement FAILED.
const (
	reasonCanceled = "canceled"
	reasonInternal = "internal_error"
)

// classify returns the stable failure reason of a download error and
// whether retrying cannot help.
func classify(err error) (reason string, permanent bool) {
	// A stall also wraps context.Canceled, so it is checked first.
	if errors.Is(err, errDownloadStalled) {
		return ReasonDownloadStalled, false
	}

	var fe *fetch.Error
	if !errors.As(err, &fe) {
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			return fetch.ReasonFetchTimeout, false
		case errors.Is(err, context.Canceled):
			return reasonCanceled, false
		}
		return reasonInternal, false
	}
	switch fe.Kind {
	case fetch.KindUnreachable:
		return fe.Reason, !retryableStatus(fe.Reason)
	default:
		// Unsafe URLs, wrong content types and oversized bodies stay so.
		return fe.Reason, true
	}
}

// retryableStatus reports whether an unreachable reason may pass on a later
// attempt: network failures, timeouts, 5xx, 408 and 429 may; other 4xx
// statuses, such as an expired presigned link's 403, will not.
func retryableStatus(reason string) bool {
	status, ok := strings.CutPrefix(reason, "http_status_")
	if !ok {
		return true
	}
	switch status {
	case fmt.Sprint(http.StatusRequestTimeout), fmt.Sprint(http.StatusTooManyRequests):
		return true
	}
	return strings.HasPrefix(status, "5")
}
