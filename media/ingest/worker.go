// Package ingest moves partners' recordings into the server's own storage:
// it checks a media URL while a create runs, and a River worker downloads
// the recording afterwards, so a slow download never holds a GraphQL
// request open and a restart never loses one.
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
	store    Store
	fetcher  *fetch.Fetcher
	blobs    blob.Store
	maxBytes int64
	timeout  time.Duration
	logger   *slog.Logger
}

// NewWorker returns a worker storing recordings of at most maxBytes in
// blobs. Zero maxBytes or timeout take the defaults.
func NewWorker(store Store, fetcher *fetch.Fetcher, blobs blob.Store, maxBytes int64, timeout time.Duration, logger *slog.Logger) *Worker {
	if maxBytes <= 0 {
		maxBytes = DefaultMaxBytes
	}
	if timeout <= 0 {
		timeout = DefaultTimeout
	}
	return &Worker{store: store, fetcher: fetcher, blobs: blobs, maxBytes: maxBytes, timeout: timeout, logger: logger}
}

// Timeout implements river.Worker: River cancels the job's context after
// it, and Download reports fetch_timeout.
func (w *Worker) Timeout(*river.Job[db.IngestMediaArgs]) time.Duration { return w.timeout }

// Work downloads the recording into blob storage and marks the engagement
// READY. Failures that a retry cannot fix, and the last attempt of the
// others, mark it FAILED with a stable reason.
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

	result, err := w.fetcher.Download(ctx, src.URL, writer, w.maxBytes)
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

// fail decides between a retry and a final FAILED state.
func (w *Worker) fail(ctx context.Context, job *river.Job[db.IngestMediaArgs], err error) error {
	id := job.Args.EngagementID
	reason, permanent := classify(err)
	if !permanent && job.Attempt < job.MaxAttempts {
		w.logger.WarnContext(ctx, "media download failed, will retry", "engagement_id", id,
			"attempt", job.Attempt, "max_attempts", job.MaxAttempts, "reason", reason, "err", err)
		return err
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

// classify returns the stable failure reason of a download error and
// whether retrying cannot help.
func classify(err error) (reason string, permanent bool) {
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		if errors.Is(err, context.DeadlineExceeded) {
			return fetch.ReasonFetchTimeout, false
		}
		return "internal_error", false
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
