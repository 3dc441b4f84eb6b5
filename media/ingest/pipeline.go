package ingest

import (
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"

	"engagements/db"
	"engagements/media/blob"
	"engagements/media/fetch"
	"engagements/media/signedurl"
)

// Config sets up the media pipeline.
type Config struct {
	// Dir is the directory in which LocalDisk keeps recordings.
	Dir string
	// MaxBytes caps one recording; zero means DefaultMaxBytes.
	MaxBytes int64
	// SigningKey signs media links; nil generates one, which Pipeline
	// logs, since such links die with the process.
	SigningKey []byte
	// URLTTL is how long a signed link works.
	URLTTL time.Duration
	Fetch  fetch.Config
	// Workers is how many recordings one process downloads at once;
	// zero means DefaultWorkers.
	Workers int
	// DownloadTimeout bounds one download attempt; zero means
	// DefaultTimeout.
	DownloadTimeout time.Duration
	// IdleTimeout cancels a download attempt once no byte of the response
	// has arrived for this long, counted from the first byte; zero means
	// DefaultIdleTimeout.
	IdleTimeout time.Duration
	// Queue is the River queue of ingest jobs; empty means River's
	// default queue. Tests that share a database use one each.
	Queue string
}

// DefaultWorkers is how many recordings one process downloads at once.
const DefaultWorkers = 4

// Pipeline is the wired media feature: the create-time check, the ingest
// queue with its worker, and signed links with the handler behind them.
type Pipeline struct {
	Checker Checker
	Signer  *signedurl.Signer
	// Handler serves signed links under /media/.
	Handler http.Handler
	// Queue runs ingest jobs once started.
	Queue *river.Client[pgx.Tx]
}

// NewPipeline builds the media feature and configures store to enqueue
// ingest jobs on its queue. The queue is not started.
func NewPipeline(cfg Config, pool *pgxpool.Pool, store *db.Store, logger *slog.Logger) (*Pipeline, error) {
	blobs, err := blob.NewLocalDisk(cfg.Dir)
	if err != nil {
		return nil, fmt.Errorf("MEDIA_DIR %s: %w", cfg.Dir, err)
	}

	key := cfg.SigningKey
	if key == nil {
		if key, err = signedurl.GenerateKey(); err != nil {
			return nil, err
		}
		logger.Warn("MEDIA_SIGNING_KEY is not set: generated a key, so media links stop working on restart and on other instances")
	}
	signer, err := signedurl.NewSigner(key, cfg.URLTTL, time.Now)
	if err != nil {
		return nil, fmt.Errorf("MEDIA_URL_TTL: %w", err)
	}

	if cfg.Workers <= 0 {
		cfg.Workers = DefaultWorkers
	}
	if cfg.Queue == "" {
		cfg.Queue = river.QueueDefault
	}
	for _, prefix := range cfg.Fetch.AllowedCIDRs {
		logger.Warn("media fetcher may reach this private range", "cidr", prefix.String())
	}
	fetcher := fetch.New(cfg.Fetch)
	workers := river.NewWorkers()
	river.AddWorker(workers, NewWorker(store, fetcher, blobs, cfg.MaxBytes, cfg.DownloadTimeout,
		cfg.IdleTimeout, logger))
	queue, err := river.NewClient(riverpgxv5.New(pool), &river.Config{
		Logger:  logger,
		Queues:  map[string]river.QueueConfig{cfg.Queue: {MaxWorkers: cfg.Workers}},
		Workers: workers,
	})
	if err != nil {
		return nil, fmt.Errorf("create job queue: %w", err)
	}
	store.UseJobs(queue, cfg.Queue)

	return &Pipeline{
		Checker: Checker{Fetcher: fetcher},
		Signer:  signer,
		Handler: signedurl.Handler(signer, MediaObjects{Store: store}, blobs, logger),
		Queue:   queue,
	}, nil
}
