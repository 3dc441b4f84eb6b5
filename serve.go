package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/pprof"
	"time"

	"github.com/jackc/pgx/v5/pgxpool"
	"github.com/redis/go-redis/v9"

	"engagements/db"
	"engagements/engagement"
	"engagements/httpapi"
	"engagements/idempotency"
	"engagements/logging"
	"engagements/media/ingest"
	"engagements/observability"
	"engagements/playground"
	"engagements/ratelimit"
)

// startTimeout bounds connecting to Postgres and Redis at start.
const startTimeout = 10 * time.Second

// serve applies migrations and serves HTTP until ctx ends, then drains
// in-flight requests for up to cfg.ShutdownGrace and closes the pools.
func serve(ctx context.Context, cfg config, getenv func(string) string, logOutput io.Writer) error {
	logger, err := logging.New(logOutput, cfg.LogFormat, cfg.LogLevel)
	if err != nil {
		return err
	}
	shutdownTracing, tracing, err := observability.SetupTracing(ctx, getenv, "engagements")
	if err != nil {
		return fmt.Errorf("OTEL_EXPORTER_OTLP_ENDPOINT: %w", err)
	}
	defer flushTraces(shutdownTracing, logger)

	// go-redis logs each failed dial itself; the server logs outages once,
	// with the request ID, where it handles them.
	redis.SetLogger(discardRedisLog{})
	metrics := observability.NewMetrics()
	pool, err := openDatabase(ctx, cfg, func(c *pgxpool.Config) {
		if tracing {
			c.ConnConfig.Tracer = observability.NewPgxTracer()
		}
	})
	if err != nil {
		return err
	}
	defer pool.Close()
	metrics.RegisterPool(pool)

	redisClient, err := openRedis(ctx, cfg)
	if err != nil {
		return err
	}
	defer redisClient.Close()
	metrics.RegisterRedis(redisClient)

	store := db.NewStore(pool)
	media, err := ingest.NewPipeline(cfg.Media.Config, pool, store, logger)
	if err != nil {
		return err
	}
	service := &engagement.Service{
		Store:    store,
		Locker:   idempotency.NewLocker(redisClient, idempotency.Config{}, logger),
		Media:    media.Checker,
		Logger:   logger,
		Now:      time.Now,
		OnReplay: metrics.IdempotencyReplay,
	}
	api := httpapi.Config{
		Store:                 store,
		Service:               service,
		Authenticator:         store,
		Logger:                logger,
		AllowedOrigins:        cfg.AllowedOrigins,
		MaxBodyBytes:          cfg.Limits.MaxBodyBytes,
		RequestTimeout:        cfg.Limits.RequestTimeout,
		MaxConcurrentRequests: cfg.Limits.MaxConcurrentRequests,
		Limits:                cfg.Limits.Query,
		DisableIntrospection:  cfg.Limits.DisableIntrospection,
		Metrics:               metrics,
		MetricsOnOwnAddr:      cfg.Limits.MetricsAddr != "",
		Tracing:               tracing,
		Ready:                 readiness(pool, redisClient),
		Playground:            playground.Handler(),
		MediaSigner:           media.Signer,
		MediaHandler:          media.Handler,
		PublicBaseURL:         cfg.Media.PublicBaseURL,
	}
	if cfg.Limits.RateLimits != nil {
		api.RateLimiter = ratelimit.NewLimiter(redisClient, "", logger)
		api.RateLimits = *cfg.Limits.RateLimits
	}

	listener, err := net.Listen("tcp", cfg.Addr)
	if err != nil {
		return fmt.Errorf("ADDR %s: listen: %w", cfg.Addr, err)
	}
	if cfg.Limits.MetricsAddr != "" {
		stopMetrics, err := serveInternal("METRICS_ADDR", cfg.Limits.MetricsAddr, metricsMux(metrics.Handler()), logger)
		if err != nil {
			listener.Close()
			return err
		}
		defer stopMetrics()
	}
	if cfg.PprofAddr != "" {
		stopPprof, err := serveInternal("PPROF_ADDR", cfg.PprofAddr, pprofMux(), logger)
		if err != nil {
			listener.Close()
			return err
		}
		defer stopPprof()
	}
	if err := media.Queue.Start(ctx); err != nil {
		listener.Close()
		return fmt.Errorf("start job queue: %w", err)
	}
	serveErr := serveHTTP(ctx, listener, httpapi.New(api), cfg.ShutdownGrace, logger)

	// Running downloads get the grace period to finish; River retries the
	// rest after the next start, since their jobs stay in Postgres.
	stopCtx, cancel := context.WithTimeout(context.Background(), cfg.ShutdownGrace)
	defer cancel()
	if err := media.Queue.Stop(stopCtx); err != nil {
		logger.Warn("job queue did not stop cleanly", "err", err)
	}
	return serveErr
}

// serveHTTP serves on listener until ctx ends, then stops accepting
// connections and waits up to grace for in-flight requests.
func serveHTTP(ctx context.Context, listener net.Listener, handler http.Handler, grace time.Duration, logger *slog.Logger) error {
	server := newHTTPServer(handler, logger)
	served := make(chan error, 1)
	go func() { served <- server.Serve(listener) }()
	logger.Info("serving", "addr", listener.Addr().String())

	select {
	case err := <-served:
		return fmt.Errorf("serve: %w", err)
	case <-ctx.Done():
	}

	logger.Info("shutting down", "grace", grace.String())
	shutdownCtx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := server.Shutdown(shutdownCtx); err != nil {
		return fmt.Errorf("shut down: %w", err)
	}
	if err := <-served; !errors.Is(err, http.ErrServerClosed) {
		return fmt.Errorf("serve: %w", err)
	}
	logger.Info("stopped")
	return nil
}

// newHTTPServer bounds how long a client may take to send a request and
// read the response, so slow clients cannot hold connections forever.
func newHTTPServer(handler http.Handler, logger *slog.Logger) *http.Server {
	return &http.Server{
		Handler:           handler,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       60 * time.Second,
		WriteTimeout:      120 * time.Second,
		IdleTimeout:       120 * time.Second,
		MaxHeaderBytes:    64 << 10,
		ErrorLog:          slog.NewLogLogger(logger.Handler(), slog.LevelWarn),
	}
}

// serveInternal serves handler on an address of its own, such as the
// metrics or profiling endpoints, so they can stay off the public network.
// setting names the variable that configured addr, for errors and logs.
func serveInternal(setting, addr string, handler http.Handler, logger *slog.Logger) (stop func(), err error) {
	listener, err := net.Listen("tcp", addr)
	if err != nil {
		return nil, fmt.Errorf("%s %s: listen: %w", setting, addr, err)
	}
	server := newHTTPServer(handler, logger)
	server.WriteTimeout = 0 // CPU profiles stream for as long as requested.
	go func() {
		if err := server.Serve(listener); !errors.Is(err, http.ErrServerClosed) {
			logger.Error("internal server stopped", "setting", setting, "err", err)
		}
	}()
	logger.Info("serving internal endpoint", "setting", setting, "addr", listener.Addr().String())
	return func() { _ = server.Close() }, nil
}

func metricsMux(metrics http.Handler) http.Handler {
	mux := http.NewServeMux()
	mux.Handle("GET /metrics", metrics)
	return mux
}

// pprofMux serves the net/http/pprof profiles under /debug/pprof/.
func pprofMux() http.Handler {
	mux := http.NewServeMux()
	mux.HandleFunc("/debug/pprof/", pprof.Index)
	mux.HandleFunc("/debug/pprof/cmdline", pprof.Cmdline)
	mux.HandleFunc("/debug/pprof/profile", pprof.Profile)
	mux.HandleFunc("/debug/pprof/symbol", pprof.Symbol)
	mux.HandleFunc("/debug/pprof/trace", pprof.Trace)
	return mux
}

// readiness reports Postgres, the migrations and Redis.
func readiness(pool *pgxpool.Pool, redisClient *redis.Client) httpapi.ReadyFunc {
	return func(ctx context.Context) error {
		if err := pool.Ping(ctx); err != nil {
			return &httpapi.NotReadyError{Dependency: "postgres", Err: err}
		}
		pending, err := db.Pending(ctx, pool)
		if err != nil {
			return &httpapi.NotReadyError{Dependency: "postgres", Err: err}
		}
		if pending {
			return &httpapi.NotReadyError{Dependency: "migrations", Err: errors.New("migrations pending")}
		}
		if err := redisClient.Ping(ctx).Err(); err != nil {
			return &httpapi.NotReadyError{Dependency: "redis", Err: err}
		}
		return nil
	}
}

func flushTraces(shutdown func(context.Context) error, logger *slog.Logger) {
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	if err := shutdown(ctx); err != nil {
		logger.Warn("flush traces", "err", err)
	}
}

// openDatabase connects, creating the database when missing, and applies
// migrations.
func openDatabase(ctx context.Context, cfg config, configure func(*pgxpool.Config)) (*pgxpool.Pool, error) {
	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()

	pool, err := db.Open(startCtx, cfg.DatabaseURL, configure)
	if err != nil {
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	if err := db.Migrate(startCtx, pool); err != nil {
		pool.Close()
		return nil, fmt.Errorf("DATABASE_URL: %w", err)
	}
	return pool, nil
}

// openRedis connects to Redis and checks that it responds to PING.
func openRedis(ctx context.Context, cfg config) (*redis.Client, error) {
	opts, err := redis.ParseURL(cfg.RedisURL)
	if err != nil {
		return nil, fmt.Errorf("REDIS_URL is invalid: %w", err)
	}
	// Without this go-redis ignores context deadlines on a Redis that
	// accepts connections but never replies, and the lock's short timeouts
	// would not hold.
	opts.ContextTimeoutEnabled = true
	client := redis.NewClient(opts)

	startCtx, cancel := context.WithTimeout(ctx, startTimeout)
	defer cancel()
	if err := client.Ping(startCtx).Err(); err != nil {
		client.Close()
		return nil, fmt.Errorf("REDIS_URL: Redis at %s did not respond to PING: %w", opts.Addr, err)
	}
	return client, nil
}

// migrate applies migrations and exits.
func migrate(ctx context.Context, cfg config, logOutput io.Writer) error {
	pool, err := openDatabase(ctx, cfg, nil)
	if err != nil {
		return err
	}
	pool.Close()
	fmt.Fprintln(logOutput, "migrations applied")
	return nil
}

type discardRedisLog struct{}

func (discardRedisLog) Printf(context.Context, string, ...any) {}
