package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/rivertype"

	"engagements/engagement"
)

// IngestMediaArgs is the job that downloads an engagement's recording. It
// is inserted in the transaction that creates the engagement, so the job
// exists exactly when the engagement does and survives restarts.
type IngestMediaArgs struct {
	EngagementID uuid.UUID `json:"engagement_id"`
}

// Kind implements river.JobArgs.
func (IngestMediaArgs) Kind() string { return "ingest_media" }

// IngestMaxAttempts is how often an ingest is tried before it is marked
// failed. River waits longer after each failure.
const IngestMaxAttempts = 5

// JobInserter inserts jobs within a transaction; *river.Client[pgx.Tx] is
// one.
type JobInserter interface {
	InsertTx(ctx context.Context, tx pgx.Tx, args river.JobArgs, opts *river.InsertOpts) (*rivertype.JobInsertResult, error)
}

// UseJobs sets the job client and the River queue name that Insert adds
// media ingest jobs to. Without it, inserting an engagement with pending
// media fails.
func (s *Store) UseJobs(jobs JobInserter, queue string) {
	s.jobs = jobs
	s.jobQueue = queue
}

var errNoJobQueue = errors.New("media ingest queue not configured")

func (s *Store) enqueueIngest(ctx context.Context, tx pgx.Tx, engagementID uuid.UUID) error {
	if s.jobs == nil {
		return errNoJobQueue
	}
	_, err := s.jobs.InsertTx(ctx, tx, IngestMediaArgs{EngagementID: engagementID},
		&river.InsertOpts{MaxAttempts: IngestMaxAttempts, Queue: s.jobQueue})
	if err != nil {
		return fmt.Errorf("enqueue media ingest: %w", err)
	}
	return nil
}

// MediaSource is the partner's media URL and the media state of an
// engagement, for the ingest worker.
type MediaSource struct {
	URL    string
	Status engagement.MediaStatus
}

// MediaSource returns the partner's media URL and the media state of the
// engagement, or engagement.ErrNotFound.
func (s *Store) MediaSource(ctx context.Context, id uuid.UUID) (MediaSource, error) {
	var (
		m      MediaSource
		url    *string
		status string
	)
	err := s.pool.QueryRow(ctx, `SELECT media_source_url, media_status FROM engagements WHERE id = $1`, id).
		Scan(&url, &status)
	if err != nil {
		return m, fmt.Errorf("select media source of %s: %w", id, notFound(err))
	}
	if url != nil {
		m.URL = *url
	}
	m.Status = engagement.MediaStatus(status)
	return m, nil
}

// StoredMedia describes the server's copy of a recording.
type StoredMedia struct {
	Key         string
	ContentType string
	Bytes       int64
	SHA256      string
}

// MarkMediaReady records the stored copy and moves the engagement to READY.
func (s *Store) MarkMediaReady(ctx context.Context, id uuid.UUID, m StoredMedia) error {
	_, err := s.pool.Exec(ctx, `
		UPDATE engagements SET media_status = 'READY', media_failure_reason = NULL,
			media_key = $2, media_content_type = $3, media_bytes = $4, media_sha256 = $5
		WHERE id = $1`, id, m.Key, m.ContentType, m.Bytes, m.SHA256)
	if err != nil {
		return fmt.Errorf("mark media of %s ready: %w", id, err)
	}
	return nil
}

// MarkMediaFailed moves the engagement to FAILED with a stable reason.
func (s *Store) MarkMediaFailed(ctx context.Context, id uuid.UUID, reason string) error {
	_, err := s.pool.Exec(ctx, `
		UPDATE engagements SET media_status = 'FAILED', media_failure_reason = $2
		WHERE id = $1 AND media_status <> 'READY'`, id, reason)
	if err != nil {
		return fmt.Errorf("mark media of %s failed: %w", id, err)
	}
	return nil
}

// MediaObject returns where the ready media of the engagement is stored.
// It checks no viewer: callers must have verified a signed URL for id. It
// returns engagement.ErrNotFound when the engagement has no ready media.
func (s *Store) MediaObject(ctx context.Context, id uuid.UUID) (key, contentType string, err error) {
	err = s.pool.QueryRow(ctx, `
		SELECT media_key, media_content_type FROM engagements
		WHERE id = $1 AND media_status = 'READY'`, id).Scan(&key, &contentType)
	if err != nil {
		return "", "", fmt.Errorf("select media object of %s: %w", id, notFound(err))
	}
	return key, contentType, nil
}
