package db

import (
	"errors"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"

	"engagements/engagement"
)

// Store implements engagement.Store on a pgx pool. It is safe for
// concurrent use: every method takes its own connection from the pool.
type Store struct {
	pool     *pgxpool.Pool
	jobs     JobInserter
	jobQueue string
}

var _ engagement.Store = (*Store)(nil)

// NewStore returns a Store on pool.
func NewStore(pool *pgxpool.Pool) *Store {
	return &Store{pool: pool}
}

// notFound turns pgx.ErrNoRows into engagement.ErrNotFound and returns
// other errors unchanged.
func notFound(err error) error {
	if errors.Is(err, pgx.ErrNoRows) {
		return engagement.ErrNotFound
	}
	return err
}

// isUniqueViolation reports SQLSTATE 23505 on the named constraint or index.
func isUniqueViolation(err error, constraint string) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "23505" && pgErr.ConstraintName == constraint
}

// Pool returns the store's connection pool, for bulk loads such as seeding.
func (s *Store) Pool() *pgxpool.Pool { return s.pool }
