// Package httpapi builds the server's http.Handler: the GraphQL endpoint
// behind its middleware, and the routes beside it.
package httpapi

import (
	"log/slog"
	"net/http"
	"time"

	"github.com/rs/cors"

	"engagements/engagement"
	"engagements/loaders"
	"engagements/observability"
	"engagements/querylimits"
	"engagements/resolvers"
)

// Config holds what New needs. Optional parts are marked.
type Config struct {
	Store         engagement.Store
	Service       *engagement.Service
	Authenticator Authenticator
	Logger        *slog.Logger
	// AllowedOrigins are the browser origins that CORS lets call the API.
	AllowedOrigins []string
	// MaxBodyBytes bounds a request body; larger ones get 413. Zero means
	// DefaultMaxBodyBytes.
	MaxBodyBytes int64
	// RequestTimeout bounds each /graphql request, through its context,
	// including every database and Redis call. Zero means
	// DefaultRequestTimeout.
	RequestTimeout time.Duration
	// MaxConcurrentRequests bounds the /graphql requests that execute at
	// once; the rest wait. Zero means DefaultMaxConcurrentRequests.
	MaxConcurrentRequests int
	// Limits bounds the shape and cost of operations.
	Limits querylimits.Config
	// DisableIntrospection turns off __schema and __type, and "Did you
	// mean" suggestions with them.
	DisableIntrospection bool
	// RateLimiter and RateLimits limit requests per token. Optional.
	RateLimiter RateLimiter
	RateLimits  RateLimits
	// Metrics records Prometheus metrics and serves them at /metrics unless
	// MetricsOnOwnAddr is set. Optional.
	Metrics          *observability.Metrics
	MetricsOnOwnAddr bool
	// Tracing adds an OpenTelemetry span per operation.
	Tracing bool
	// Ready reports whether the dependencies are reachable, for /readyz.
	// Optional.
	Ready ReadyFunc
	// Playground serves the page at /. Optional.
	Playground http.Handler
	// MediaSigner signs mediaUrl links and MediaHandler serves them under
	// /media/. Optional: without them mediaUrl stays null.
	MediaSigner  resolvers.MediaSigner
	MediaHandler http.Handler
	// PublicBaseURL starts signed media links, such as
	// https://api.example.com. Empty uses the scheme and Host of each
	// request.
	PublicBaseURL string
}

// Defaults for Config.
const (
	// DefaultMaxBodyBytes fits a 950,000-byte transcript plus a long
	// timeline.
	DefaultMaxBodyBytes = 10 << 20
	// DefaultRequestTimeout bounds a request. A create that checks a slow
	// media URL takes up to the fetcher's timeouts, 20 s with the
	// defaults, plus the database work.
	DefaultRequestTimeout = 30 * time.Second
)

// New returns the server's handler. Every request passes, outermost first:
// metrics, panic recovery, request ID, access log and CORS. /graphql then
// adds the body limit, the deadline, bearer auth with per-request loaders,
// the rate limit, the bound on concurrent requests and the GraphQL-over-HTTP
// checks.
func New(cfg Config) http.Handler {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	if cfg.RequestTimeout == 0 {
		cfg.RequestTimeout = DefaultRequestTimeout
	}
	if cfg.MaxConcurrentRequests == 0 {
		cfg.MaxConcurrentRequests = DefaultMaxConcurrentRequests
	}

	mux := http.NewServeMux()
	mux.Handle("/graphql", graphQLChain(cfg))
	mux.HandleFunc("GET /healthz", healthz)
	mux.Handle("GET /readyz", readyz(cfg.Ready, cfg.Logger))
	if cfg.Metrics != nil && !cfg.MetricsOnOwnAddr {
		mux.Handle("GET /metrics", cfg.Metrics.Handler())
	}
	if cfg.MediaHandler != nil {
		mux.Handle("/media/", cfg.MediaHandler)
	}
	if cfg.Playground != nil {
		mux.Handle("/", cfg.Playground)
	}

	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type", "Accept", "X-Request-Id"},
		ExposedHeaders: []string{"X-Request-Id", "RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset", "Retry-After"},
		MaxAge:         600,
	})

	var h http.Handler = mux
	h = c.Handler(h)
	h = withAccessLog(cfg.Logger, h)
	h = withRequestID(h)
	h = withRecover(cfg.Logger, h)
	if cfg.Metrics != nil {
		h = cfg.Metrics.HTTPMiddleware(h)
	}
	return h
}

// graphQLChain wraps the executor in the middleware of /graphql.
func graphQLChain(cfg Config) http.Handler {
	root := &resolvers.Resolver{Store: cfg.Store, Service: cfg.Service, Media: cfg.MediaSigner, Logger: cfg.Logger}
	var h http.Handler = newGraphQLHandler(root, cfg)
	h = graphQLOverHTTP(h)
	h = withBaseURL(cfg.PublicBaseURL, h)
	h = withConcurrencyLimit(cfg.MaxConcurrentRequests, h)
	if cfg.RateLimiter != nil {
		h = withRateLimit(cfg.RateLimiter, cfg.RateLimits, cfg.Logger, cfg.Metrics.RateLimitRejected, h)
	}
	var observe loaders.BatchObserver
	if cfg.Metrics != nil {
		observe = cfg.Metrics.ObserveLoaderBatch
	}
	h = withAuth(cfg.Authenticator, cfg.Store, observe, cfg.Logger, h)
	h = withTimeout(cfg.RequestTimeout, h)
	h = limitBody(cfg.MaxBodyBytes, h)
	return h
}

func healthz(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	_, _ = w.Write([]byte("ok\n"))
}

// limitBody responds with 413 to a body that is declared or turns out larger
// than max, before anything parses it.
func limitBody(max int64, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ContentLength > max {
			writeGraphQLError(w, http.StatusRequestEntityTooLarge, "REQUEST_TOO_LARGE",
				"request body is larger than the maximum of "+formatBytes(max))
			return
		}
		r.Body = http.MaxBytesReader(w, r.Body, max)
		next.ServeHTTP(w, r)
	})
}

// withBaseURL puts the address of this server in the context, for the
// signed media links that the resolvers return, and starts the request's
// count of timeline items.
func withBaseURL(public string, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		base := public
		if base == "" {
			scheme := "http"
			if r.TLS != nil {
				scheme = "https"
			}
			base = scheme + "://" + r.Host
		}
		ctx := resolvers.WithBaseURL(r.Context(), base)
		ctx = resolvers.WithTimelineBudget(ctx)
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
