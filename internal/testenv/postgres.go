package testenv

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"fmt"
	"os"
	"path/filepath"
	"regexp"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"
)

// DefaultDatabaseURL is the Postgres server that tests use unless
// TEST_DATABASE_URL names another. Each test binary creates a database of
// its own on it.
const DefaultDatabaseURL = "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable"

var (
	dbOnce    sync.Once
	dbURL     string
	dbName    string
	dbErr     error
	adminConf *pgx.ConnConfig
)

// DatabaseURL returns the URL of a database that belongs to this test
// binary alone, creating it on first use. Main drops it when the tests
// end. The test is skipped, or failed under CI=true, when Postgres is
// unreachable.
func DatabaseURL(t testing.TB) string {
	t.Helper()
	dbOnce.Do(createDatabase)
	if dbErr != nil {
		Unavailable(t, "Postgres", dbErr)
	}
	return dbURL
}

// Pool returns a pool on the test binary's database, closed when the test
// ends.
func Pool(t testing.TB) *pgxpool.Pool {
	t.Helper()
	pool, err := pgxpool.New(context.Background(), DatabaseURL(t))
	if err != nil {
		t.Fatalf("open pool: %v", err)
	}
	t.Cleanup(pool.Close)
	return pool
}

func createDatabase() {
	base := os.Getenv("TEST_DATABASE_URL")
	if base == "" {
		base = DefaultDatabaseURL
	}
	cfg, err := pgx.ParseConfig(base)
	if err != nil {
		dbErr = fmt.Errorf("parse TEST_DATABASE_URL: %w", err)
		return
	}
	adminConf = cfg

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	conn, err := pgx.ConnectConfig(ctx, cfg)
	if err != nil {
		dbErr = err
		return
	}
	defer conn.Close(ctx)

	dbName = "test_" + packageName() + "_" + randomHex(4)
	if _, err := conn.Exec(ctx, "CREATE DATABASE "+pgx.Identifier{dbName}.Sanitize()); err != nil {
		dbErr = fmt.Errorf("create database %s: %w", dbName, err)
		return
	}

	copyCfg := cfg.Copy()
	copyCfg.Database = dbName
	dbURL = replaceDatabase(base, dbName)
}

// Main runs the tests and drops the binary's database afterwards. Use it
// from TestMain: os.Exit(testenv.Main(m)).
func Main(m *testing.M) int {
	code := m.Run()
	if dbName != "" {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		defer cancel()
		if conn, err := pgx.ConnectConfig(ctx, adminConf); err == nil {
			_, err = conn.Exec(ctx, "DROP DATABASE IF EXISTS "+pgx.Identifier{dbName}.Sanitize()+" WITH (FORCE)")
			if err != nil {
				fmt.Fprintf(os.Stderr, "testenv: drop database %s: %v\n", dbName, err)
			}
			conn.Close(ctx)
		}
	}
	return code
}

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// packageName names the database after the test binary, e.g. "db" for
// db.test, so a leftover database shows where it came from.
func packageName() string {
	name := strings.TrimSuffix(filepath.Base(os.Args[0]), ".test")
	return nonWord.ReplaceAllString(strings.ToLower(name), "_")
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}

// replaceDatabase swaps the database name in a postgres:// URL or a
// key=value connection string.
func replaceDatabase(base, name string) string {
	if strings.HasPrefix(base, "postgres://") || strings.HasPrefix(base, "postgresql://") {
		rest := base[strings.Index(base, "//")+2:]
		path := strings.IndexByte(rest, '/')
		query := ""
		if q := strings.IndexByte(rest, '?'); q >= 0 {
			query = rest[q:]
			rest = rest[:q]
			if path > q {
				path = -1
			}
		}
		if path >= 0 {
			rest = rest[:path]
		}
		return base[:strings.Index(base, "//")+2] + rest + "/" + name + query
	}
	return base + " dbname=" + name
}
