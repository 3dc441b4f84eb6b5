package db

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/riverqueue/river/riverdriver/riverpgxv5"
	"github.com/riverqueue/river/rivermigrate"
)

// riverMigrationLock is the advisory lock key that serialises River's
// migrations across concurrently starting processes, since rivermigrate
// takes no lock of its own.
const riverMigrationLock = 7_425_118_001

// migrateRiver applies the job queue's own migrations, which River ships
// with its module. Some of them cannot share one transaction, so a session
// advisory lock, held on a connection of its own, serialises them instead.
func migrateRiver(ctx context.Context, pool *pgxpool.Pool) error {
	migrator, err := newRiverMigrator(pool)
	if err != nil {
		return err
	}

	conn, err := pool.Acquire(ctx)
	if err != nil {
		return fmt.Errorf("acquire connection for river migrations: %w", err)
	}
	defer conn.Release()
	if _, err := conn.Exec(ctx, `SELECT pg_advisory_lock($1)`, riverMigrationLock); err != nil {
		return fmt.Errorf("lock river migrations: %w", err)
	}
	defer func() {
		// A fresh context, because unlocking must happen even when ctx has
		// ended; closing the connection would release the lock too.
		unlockCtx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		_, _ = conn.Exec(unlockCtx, `SELECT pg_advisory_unlock($1)`, riverMigrationLock)
	}()

	if _, err := migrator.Migrate(ctx, rivermigrate.DirectionUp, nil); err != nil {
		return fmt.Errorf("apply river migrations: %w", err)
	}
	return nil
}

// riverPending reports whether River's schema lacks a migration.
func riverPending(ctx context.Context, pool *pgxpool.Pool) (bool, error) {
	migrator, err := newRiverMigrator(pool)
	if err != nil {
		return false, err
	}
	result, err := migrator.Validate(ctx, nil)
	if err != nil {
		return false, fmt.Errorf("check river migrations: %w", err)
	}
	return !result.OK, nil
}

func newRiverMigrator(pool *pgxpool.Pool) (*rivermigrate.Migrator[pgx.Tx], error) {
	migrator, err := rivermigrate.New(riverpgxv5.New(pool), &rivermigrate.Config{
		Logger: slog.New(slog.NewTextHandler(io.Discard, nil)),
	})
	if err != nil {
		return nil, fmt.Errorf("create river migrator: %w", err)
	}
	return migrator, nil
}
