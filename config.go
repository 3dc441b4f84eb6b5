package main

import (
	"crypto/x509"
	"errors"
	"fmt"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"
)

// config is the server's configuration, read from the environment.
type config struct {
	DatabaseURL    string
	RedisURL       string
	Addr           string
	AllowedOrigins []string
	LogLevel       string
	LogFormat      string
	ShutdownGrace  time.Duration
	Media          mediaConfig
	Limits         limitsConfig
	// PprofAddr serves net/http/pprof when set; keep it on loopback.
	PprofAddr string
}

// Defaults for the settings; the README's configuration table lists them.
const (
	defaultDatabaseURL   = "postgres://postgres@127.0.0.1:5432/engagements?sslmode=disable"
	defaultRedisURL      = "redis://127.0.0.1:6379/0"
	defaultAddr          = ":8080"
	defaultShutdownGrace = 20 * time.Second
)

// loadConfig reads the environment through getenv. Each error names the
// variable, the bad value (never a password) and the expected form.
func loadConfig(getenv func(string) string) (config, error) {
	cfg := config{
		DatabaseURL:   or(getenv("DATABASE_URL"), defaultDatabaseURL),
		RedisURL:      or(getenv("REDIS_URL"), defaultRedisURL),
		Addr:          or(getenv("ADDR"), defaultAddr),
		LogLevel:      or(getenv("LOG_LEVEL"), "info"),
		LogFormat:     or(getenv("LOG_FORMAT"), "json"),
		ShutdownGrace: defaultShutdownGrace,
		PprofAddr:     getenv("PPROF_ADDR"),
	}

	if _, err := pgxpool.ParseConfig(cfg.DatabaseURL); err != nil {
		return cfg, fmt.Errorf("DATABASE_URL is invalid: expected a URL like %s", defaultDatabaseURL)
	}
	if _, err := redis.ParseURL(cfg.RedisURL); err != nil {
		return cfg, fmt.Errorf("REDIS_URL is invalid: expected a URL like %s", defaultRedisURL)
	}
	if _, _, err := net.SplitHostPort(cfg.Addr); err != nil {
		return cfg, fmt.Errorf("ADDR %q is invalid: expected host:port or :port, such as :8080", cfg.Addr)
	}
	if f := getenv("SSL_CERT_FILE"); f != "" {
		pem, err := os.ReadFile(f)
		if err != nil {
			return cfg, fmt.Errorf("SSL_CERT_FILE %q is not readable: %w", f, errors.Unwrap(err))
		}
		if !x509.NewCertPool().AppendCertsFromPEM(pem) {
			return cfg, fmt.Errorf("SSL_CERT_FILE %q contains no PEM certificate; point it at a PEM file of CA certificates", f)
		}
	}
	if cfg.PprofAddr != "" {
		if _, _, err := net.SplitHostPort(cfg.PprofAddr); err != nil {
			return cfg, fmt.Errorf("PPROF_ADDR %q is invalid: expected host:port such as 127.0.0.1:6060", cfg.PprofAddr)
		}
	}
	if v := getenv("SHUTDOWN_GRACE"); v != "" {
		d, err := time.ParseDuration(v)
		if err != nil || d < 0 {
			return cfg, fmt.Errorf("SHUTDOWN_GRACE %q is invalid: expected a duration such as 20s", v)
		}
		cfg.ShutdownGrace = d
	}
	origins, err := parseOrigins(getenv("CORS_ALLOWED_ORIGINS"))
	if err != nil {
		return cfg, err
	}
	cfg.AllowedOrigins = origins

	if cfg.Media, err = loadMediaConfig(getenv); err != nil {
		return cfg, err
	}
	cfg.Limits, err = loadLimitsConfig(getenv)
	return cfg, err
}

// parseOrigins splits a comma-separated origin list. Each origin is a
// scheme and host without a path, such as https://app.example.com, or * for
// any origin.
func parseOrigins(v string) ([]string, error) {
	var origins []string
	for _, o := range strings.Split(v, ",") {
		o = strings.TrimSpace(o)
		if o == "" {
			continue
		}
		if o != "*" && !(strings.HasPrefix(o, "https://") || strings.HasPrefix(o, "http://")) ||
			strings.Count(o, "/") > 2 {
			return nil, fmt.Errorf("CORS_ALLOWED_ORIGINS entry %q is invalid: expected an origin such as https://app.example.com", o)
		}
		origins = append(origins, o)
	}
	if len(origins) > 1 && slices.Contains(origins, "*") {
		return nil, fmt.Errorf("CORS_ALLOWED_ORIGINS %q is invalid: use * alone or list origins without it", v)
	}
	return origins, nil
}

func or(v, fallback string) string {
	if v == "" {
		return fallback
	}
	return v
}
