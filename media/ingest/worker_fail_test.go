package ingest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"strings"
	"testing"

	"github.com/google/uuid"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"engagements/db"
)

// failedMarks is a Store that records MarkMediaFailed and fails the test on
// any other call, because fail must not read the engagement or mark it
// ready.
type failedMarks struct {
	t       *testing.T
	reasons []string
}

func (s *failedMarks) MediaSource(context.Context, uuid.UUID) (db.MediaSource, error) {
	s.t.Error("fail read the media source")
	return db.MediaSource{}, nil
}

func (s *failedMarks) MarkMediaReady(context.Context, uuid.UUID, db.StoredMedia) error {
	s.t.Error("fail marked the media ready")
	return nil
}

func (s *failedMarks) MarkMediaFailed(_ context.Context, _ uuid.UUID, reason string) error {
	s.reasons = append(s.reasons, reason)
	return nil
}

// failWorker returns a worker whose store is a failedMarks and whose log
// goes to the returned buffer.
func failWorker(t *testing.T) (*Worker, *failedMarks, *bytes.Buffer) {
	t.Helper()
	store := &failedMarks{t: t}
	var logs bytes.Buffer
	w := NewWorker(store, nil, nil, 0, 0, 0, slog.New(slog.NewTextHandler(&logs, nil)))
	return w, store, &logs
}

func ingestJob(attempt, maxAttempts int) *river.Job[db.IngestMediaArgs] {
	return &river.Job[db.IngestMediaArgs]{
		JobRow: &rivertype.JobRow{Attempt: attempt, MaxAttempts: maxAttempts},
		Args:   db.IngestMediaArgs{EngagementID: uuid.New()},
	}
}

var (
	shutdownErr = fmt.Errorf("fetch media: %w", context.Canceled)
	stalledErr  = fmt.Errorf("%w: %w", errDownloadStalled, shutdownErr)
)

func TestFailShutdownRetries(t *testing.T) {
	t.Parallel()
	for _, attempt := range []int{1, 5} {
		w, store, logs := failWorker(t)

		err := w.fail(context.Background(), ingestJob(attempt, 5), shutdownErr)

		// River retries a job that its shutdown interrupted only when the
		// error wraps context.Canceled.
		if !errors.Is(err, context.Canceled) {
			t.Errorf("attempt %d: err = %v, want one that wraps context.Canceled", attempt, err)
		}
		if errors.Is(err, &rivertype.JobCancelError{}) {
			t.Errorf("attempt %d: err = %v cancels the job, want a retry", attempt, err)
		}
		if len(store.reasons) != 0 {
			t.Errorf("attempt %d: marked FAILED with %v, want nothing marked", attempt, store.reasons)
		}
		if !strings.Contains(logs.String(), "reason=canceled") {
			t.Errorf("attempt %d: log %q lacks reason=canceled", attempt, logs.String())
		}
	}
}

func TestFailStallRetries(t *testing.T) {
	t.Parallel()
	w, store, logs := failWorker(t)

	err := w.fail(context.Background(), ingestJob(1, 5), stalledErr)

	if err == nil || !strings.Contains(err.Error(), ReasonDownloadStalled) {
		t.Errorf("err = %v, want one that names %s for River's attempt record", err, ReasonDownloadStalled)
	}
	if errors.Is(err, &rivertype.JobCancelError{}) {
		t.Errorf("err = %v cancels the job, want a retry", err)
	}
	if len(store.reasons) != 0 {
		t.Errorf("marked FAILED with %v before the last attempt", store.reasons)
	}
	if !strings.Contains(logs.String(), "reason="+ReasonDownloadStalled) {
		t.Errorf("log %q lacks reason=%s", logs.String(), ReasonDownloadStalled)
	}
}

func TestFailStallLastAttemptMarksFailed(t *testing.T) {
	t.Parallel()
	w, store, _ := failWorker(t)

	err := w.fail(context.Background(), ingestJob(5, 5), stalledErr)

	if !errors.Is(err, &rivertype.JobCancelError{}) {
		t.Errorf("err = %v, want the job canceled after marking it", err)
	}
	if len(store.reasons) != 1 || store.reasons[0] != ReasonDownloadStalled {
		t.Errorf("FAILED reasons = %v, want [%s]", store.reasons, ReasonDownloadStalled)
	}
}
