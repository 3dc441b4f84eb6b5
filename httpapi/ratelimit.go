package httpapi

import (
	"context"
	"fmt"
	"log/slog"
	"net/http"
	"time"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"
	"github.com/vektah/gqlparser/v2/gqlerror"

	"engagements/auth"
	"engagements/ratelimit"
)

// RateLimiter takes one request from a token bucket; *ratelimit.Limiter
// is one. When its store fails it allows the request and returns the
// error.
type RateLimiter interface {
	Allow(ctx context.Context, key string, rate ratelimit.Rate) (ratelimit.Result, error)
}

// RateLimits are the per-token limits. Every authenticated request to
// /graphql takes one from the Requests bucket; mutations also take one from
// the stricter Writes bucket.
type RateLimits struct {
	Requests ratelimit.Rate
	Writes   ratelimit.Rate
}

// withRateLimit charges the request to its token's request bucket and
// responds with 429 when it is empty. It runs after auth, which puts the token in the context.
func withRateLimit(limiter RateLimiter, limits RateLimits, logger *slog.Logger, onReject func(kind string), next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		p := auth.FromContext(r.Context())
		result, err := limiter.Allow(r.Context(), p.TokenID.String()+":requests", limits.Requests)
		if err != nil {
			// The limiter allows the request and logs its own failures,
			// rate-limited; this line adds the request ID at debug level.
			logger.DebugContext(r.Context(), "rate limit check failed, request allowed", "err", err)
		}
		ratelimit.SetHeaders(w.Header(), result)
		if !result.Allowed {
			onReject("read")
			writeGraphQLError(w, http.StatusTooManyRequests, "RATE_LIMITED", rejection("requests", limits.Requests, result))
			return
		}
		rw := &rateLimitWriter{ResponseWriter: w}
		next.ServeHTTP(rw, r.WithContext(context.WithValue(r.Context(), writerKey{}, rw)))
	})
}

func rejection(unit string, rate ratelimit.Rate, result ratelimit.Result) string {
	wait := int64((result.RetryAfter + time.Second - 1) / time.Second)
	return fmt.Sprintf("rate limit of %d %s per %s exceeded for this token; retry after %d seconds",
		rate.Limit, unit, rate.Period, max(wait, 1))
}

// rateLimitWriter lets the mutation limiter, which runs inside the GraphQL
// executor, turn the response into a 429 before the status is written.
type rateLimitWriter struct {
	http.ResponseWriter
	rejected    bool
	wroteHeader bool
}

func (w *rateLimitWriter) WriteHeader(code int) {
	if w.wroteHeader {
		return
	}
	w.wroteHeader = true
	if w.rejected {
		code = http.StatusTooManyRequests
	}
	w.ResponseWriter.WriteHeader(code)
}

func (w *rateLimitWriter) Write(b []byte) (int, error) {
	if !w.wroteHeader {
		w.WriteHeader(http.StatusOK)
	}
	return w.ResponseWriter.Write(b)
}

func (w *rateLimitWriter) Unwrap() http.ResponseWriter { return w.ResponseWriter }

// writerKey makes the rateLimitWriter reachable from the executor, for
// limitMutations.
type writerKey struct{}

// limitMutations is an operation middleware that charges each mutation
// field of an operation to the token's write bucket. A rejected operation
// runs no resolver and gets 429 with the write bucket's headers.
func limitMutations(limiter RateLimiter, limits RateLimits, logger *slog.Logger, onReject func(kind string)) graphql.OperationMiddleware {
	return func(ctx context.Context, next graphql.OperationHandler) graphql.ResponseHandler {
		op := graphql.GetOperationContext(ctx)
		p := auth.FromContext(ctx)
		if op.Operation == nil || op.Operation.Operation != ast.Mutation || p == nil {
			return next(ctx)
		}

		// Each root field is one mutation, so aliases cannot multiply the
		// writes of one request.
		mutations := len(graphql.CollectFields(op, op.Operation.SelectionSet, []string{"Mutation"}))
		var result ratelimit.Result
		for range max(mutations, 1) {
			var err error
			result, err = limiter.Allow(ctx, p.TokenID.String()+":writes", limits.Writes)
			if err != nil {
				logger.DebugContext(ctx, "write rate limit check failed, mutation allowed", "err", err)
			}
			if !result.Allowed {
				break
			}
		}
		w, _ := ctx.Value(writerKey{}).(*rateLimitWriter)
		if w != nil {
			ratelimit.SetHeaders(w.Header(), result)
		}
		if result.Allowed {
			return next(ctx)
		}

		onReject("write")
		if w != nil {
			w.rejected = true
		}
		return graphql.OneShot(&graphql.Response{Errors: gqlerror.List{{
			Message:    rejection("mutations", limits.Writes, result),
			Extensions: map[string]any{"code": "RATE_LIMITED"},
		}}})
	}
}
