// Package httpapi builds the server's http.Handler: the GraphQL endpoint
// behind its middleware, and the routes beside it.
package httpapi

import (
	"log/slog"
	"net/http"

	"github.com/rs/cors"

	"engagements/engagement"
	"engagements/resolvers"
)

// Config holds what New needs. Playground may be nil.
type Config struct {
	Store          engagement.Store
	Service        *engagement.Service
	Authenticator  Authenticator
	Logger         *slog.Logger
	AllowedOrigins []string
	// MaxBodyBytes bounds a request body; larger ones get 413.
	MaxBodyBytes int64
	Playground   http.Handler
	// MediaSigner signs mediaUrl links and MediaHandler serves them under
	// /media/. Both nil leaves mediaUrl null.
	MediaSigner  resolvers.MediaSigner
	MediaHandler http.Handler
	// PublicBaseURL starts signed media links, such as
	// https://api.example.com. Empty uses the scheme and Host of each
	// request.
	PublicBaseURL string
}

// DefaultMaxBodyBytes fits a 950,000-byte transcript plus a long timeline.
const DefaultMaxBodyBytes = 10 << 20

// New returns the server's handler. Every request passes, outermost first:
// panic recovery, request ID, access log, CORS; /graphql then adds the body
// limit, bearer auth and per-request loaders.
func New(cfg Config) http.Handler {
	if cfg.MaxBodyBytes == 0 {
		cfg.MaxBodyBytes = DefaultMaxBodyBytes
	}
	root := &resolvers.Resolver{Store: cfg.Store, Service: cfg.Service, Media: cfg.MediaSigner, Logger: cfg.Logger}
	gql := newGraphQLHandler(root, cfg.Logger)

	mux := http.NewServeMux()
	mux.Handle("/graphql", limitBody(cfg.MaxBodyBytes,
		withAuth(cfg.Authenticator, cfg.Store, cfg.Logger,
			withBaseURL(cfg.PublicBaseURL, gql))))
	if cfg.MediaHandler != nil {
		mux.Handle("/media/", cfg.MediaHandler)
	}
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte("ok\n"))
	})
	if cfg.Playground != nil {
		mux.Handle("/", cfg.Playground)
	}

	c := cors.New(cors.Options{
		AllowedOrigins: cfg.AllowedOrigins,
		AllowedMethods: []string{http.MethodGet, http.MethodPost},
		AllowedHeaders: []string{"Authorization", "Content-Type", "Accept", "X-Request-Id"},
		ExposedHeaders: []string{"X-Request-Id"},
		MaxAge:         600,
	})

	var h http.Handler = mux
	h = c.Handler(h)
	h = withAccessLog(cfg.Logger, h)
	h = withRequestID(h)
	h = withRecover(cfg.Logger, h)
	return h
}

// limitBody answers 413 to a body that is declared or turns out larger
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

// withBaseURL tells the resolvers where this server is reachable, for the
// signed media links they return.
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
		next.ServeHTTP(w, r.WithContext(resolvers.WithBaseURL(r.Context(), base)))
	})
}
