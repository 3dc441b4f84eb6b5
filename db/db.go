// Package db implements engagement.Store on PostgreSQL with pgx. It owns
// the schema (embedded goose migrations) and translates pgx errors into the
// domain's sentinel errors in one place.
package db

import (
	"context"
	"errors"
	"fmt"
	"net/url"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgconn"
	"github.com/jackc/pgx/v5/pgxpool"
)

// Open connects to the database at databaseURL, creating the database first
// when the server reports that it does not exist. configure, when not nil,
// may adjust the pool configuration (a tracer, pool sizes) before connecting.
func Open(ctx context.Context, databaseURL string, configure func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	cfg, err := pgxpool.ParseConfig(databaseURL)
	if err != nil {
		return nil, fmt.Errorf("parse database URL: %w", redactURLError(err))
	}
	if configure != nil {
		configure(cfg)
	}

	if err := ensureDatabase(ctx, cfg.ConnConfig); err != nil {
		return nil, err
	}

	pool, err := pgxpool.NewWithConfig(ctx, cfg)
	if err != nil {
		return nil, fmt.Errorf("create pool: %w", err)
	}
	if err := pool.Ping(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("connect to database %q on %s:%d: %w", cfg.ConnConfig.Database, cfg.ConnConfig.Host, cfg.ConnConfig.Port, err)
	}
	return pool, nil
}

// ensureDatabase creates the configured database when connecting to it
// fails with "database does not exist" (SQLSTATE 3D000).
func ensureDatabase(ctx context.Context, cfg *pgx.ConnConfig) error {
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err == nil {
		return conn.Close(ctx)
	}
	var pgErr *pgconn.PgError
	if !errors.As(err, &pgErr) || pgErr.Code != "3D000" {
		return fmt.Errorf("connect to database %q on %s:%d: %w", cfg.Database, cfg.Host, cfg.Port, err)
	}

	admin := cfg.Copy()
	admin.Database = "postgres"
	conn, err = pgx.ConnectConfig(ctx, admin)
	if err != nil {
		return fmt.Errorf("connect to database postgres to create %q: %w", cfg.Database, err)
	}
	defer conn.Close(ctx)

	_, err = conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{cfg.Database}.Sanitize())
	if err != nil && !isDuplicateDatabase(err) {
		return fmt.Errorf("create database %q: %w", cfg.Database, err)
	}
	return nil
}

// isDuplicateDatabase reports SQLSTATE 42P04, which a concurrent creator of
// the same database causes.
func isDuplicateDatabase(err error) bool {
	var pgErr *pgconn.PgError
	return errors.As(err, &pgErr) && pgErr.Code == "42P04"
}

// redactURLError keeps a password in a malformed URL out of error messages.
func redactURLError(err error) error {
	var urlErr *url.Error
	if errors.As(err, &urlErr) {
		return errors.New("malformed URL")
	}
	if strings.Contains(err.Error(), "@") {
		return errors.New("malformed connection string")
	}
	return err
}
