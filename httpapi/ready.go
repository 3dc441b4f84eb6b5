package httpapi

import (
	"context"
	"log/slog"
	"net/http"
	"time"
)

// ReadyFunc returns nil when the server can serve requests: Postgres and
// Redis respond and the migrations are applied.
type ReadyFunc func(ctx context.Context) error

// readyTimeout bounds one readiness check, so a hung dependency reads as
// not ready instead of hanging the probe.
const readyTimeout = 2 * time.Second

// readyz responds with 200 when ready and 503 otherwise, naming the failed
// dependency but no detail of it.
func readyz(ready ReadyFunc, logger *slog.Logger) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		w.Header().Set("Cache-Control", "no-store")
		if ready == nil {
			_, _ = w.Write([]byte("ready\n"))
			return
		}

		ctx, cancel := context.WithTimeout(r.Context(), readyTimeout)
		defer cancel()
		if err := ready(ctx); err != nil {
			logger.WarnContext(r.Context(), "not ready", "err", err)
			w.WriteHeader(http.StatusServiceUnavailable)
			_, _ = w.Write([]byte("not ready: " + publicReason(err) + "\n"))
			return
		}
		_, _ = w.Write([]byte("ready\n"))
	})
}

// NotReadyError names the dependency that failed a readiness check. Only
// Dependency is shown to the caller.
type NotReadyError struct {
	Dependency string
	Err        error
}

func (e *NotReadyError) Error() string { return e.Dependency + ": " + e.Err.Error() }

func (e *NotReadyError) Unwrap() error { return e.Err }

func publicReason(err error) string {
	if nr, ok := err.(*NotReadyError); ok {
		return nr.Dependency + " unavailable"
	}
	return "dependency unavailable"
}

// withTimeout gives the request a deadline that every database and Redis
// call inherits through the context.
func withTimeout(d time.Duration, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ctx, cancel := context.WithTimeout(r.Context(), d)
		defer cancel()
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}
