package httpapi

import (
	"context"
	"encoding/json"
	"errors"
	"log/slog"
	"net/http"

	"engagements/auth"
	"engagements/engagement"
	"engagements/loaders"
)

// Authenticator looks up the principal of a token hash.
type Authenticator interface {
	// Authenticate returns the principal of the unrevoked token whose
	// SHA-256 is hash, or an error wrapping auth.ErrUnauthenticated.
	Authenticate(ctx context.Context, hash []byte) (*auth.Principal, error)
}

// withAuth rejects requests without a valid bearer token with 401 and a
// GraphQL-shaped body, and gives the others their principal and a fresh
// set of loaders bound to the principal's workspace.
func withAuth(authn Authenticator, expansions engagement.Expansions, observe loaders.BatchObserver, logger *slog.Logger, next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		header := r.Header.Get("Authorization")
		token, err := auth.ParseBearer(header)
		if err != nil {
			unauthorized(w, header != "")
			return
		}

		p, err := authn.Authenticate(r.Context(), auth.HashToken(token))
		if errors.Is(err, auth.ErrUnauthenticated) {
			unauthorized(w, true)
			return
		}
		if err != nil {
			logger.ErrorContext(r.Context(), "authenticate token", "err", err)
			writeGraphQLError(w, http.StatusServiceUnavailable, "INTERNAL",
				"the server could not check the token right now; retry later")
			return
		}

		if info := requestInfoFrom(r.Context()); info != nil {
			info.tokenID = p.TokenID.String()
			info.workspaceID = p.WorkspaceID.String()
		}
		ctx := auth.WithPrincipal(r.Context(), p)
		ctx = loaders.WithLoaders(ctx, loaders.New(expansions, p.WorkspaceID, observe))
		next.ServeHTTP(w, r.WithContext(ctx))
	})
}

// unauthorized writes the 401 that RFC 6750 describes: a WWW-Authenticate
// challenge, with error="invalid_token" when a credential was sent.
func unauthorized(w http.ResponseWriter, sentCredential bool) {
	challenge := `Bearer realm="engagements"`
	message := "missing bearer token: send the header Authorization: Bearer <token>"
	if sentCredential {
		challenge += `, error="invalid_token"`
		message = "invalid bearer token: it is malformed, unknown or revoked; create a new one with `token create`"
	}
	w.Header().Set("WWW-Authenticate", challenge)
	writeGraphQLError(w, http.StatusUnauthorized, "UNAUTHENTICATED", message)
}

// writeGraphQLError writes a response with one GraphQL error and no data.
func writeGraphQLError(w http.ResponseWriter, status int, code, message string) {
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(map[string]any{
		"errors": []map[string]any{{"message": message, "extensions": map[string]any{"code": code}}},
	})
}
