package httpapi

import (
	"net/http"
	"runtime"
)

// DefaultMaxConcurrentRequests is how many /graphql requests execute at
// once: four per CPU. More would not finish sooner on the same cores, and
// each one in flight holds its response in memory, so the bound keeps the
// heap small under load.
var DefaultMaxConcurrentRequests = 4 * runtime.GOMAXPROCS(0)

// withConcurrencyLimit lets at most max requests through at once. Others
// wait for a slot until their deadline, then get 503 with Retry-After.
func withConcurrencyLimit(max int, next http.Handler) http.Handler {
	slots := make(chan struct{}, max)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		select {
		case slots <- struct{}{}:
		case <-r.Context().Done():
			w.Header().Set("Retry-After", "1")
			writeGraphQLError(w, http.StatusServiceUnavailable, "OVERLOADED",
				"the server is busy and the request timed out waiting for its turn; retry in a second")
			return
		}
		defer func() { <-slots }()
		next.ServeHTTP(w, r)
	})
}
