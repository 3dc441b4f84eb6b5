// Package auth defines who is calling: bearer tokens, their scopes and the
// principal that a valid token stands for. It does no I/O; the store looks
// tokens up by the hash that HashToken returns.
package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"errors"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
)

// Scope is a permission carried by a token.
type Scope string

// The scopes a token can carry.
const (
	ScopeRead        Scope = "engagements:read"
	ScopeWrite       Scope = "engagements:write"
	ScopePrivateRead Scope = "engagements:private:read"
)

// AllScopes lists every scope, in the order the README documents them.
var AllScopes = []Scope{ScopeRead, ScopeWrite, ScopePrivateRead}

// Principal is the caller behind a valid token.
type Principal struct {
	TokenID     uuid.UUID
	WorkspaceID uuid.UUID
	UserID      uuid.UUID
	// UserEmail is lower case. It makes the user a participant of private
	// engagements that list the same email.
	UserEmail string
	Scopes    []Scope
	// WorkspacePrivateByDefault is the workspace's setting, loaded with the
	// token because every create needs it.
	WorkspacePrivateByDefault bool
}

// Has reports whether the principal's token carries scope.
func (p *Principal) Has(scope Scope) bool {
	return slices.Contains(p.Scopes, scope)
}

// ErrUnauthenticated is returned when a request has no valid token.
var ErrUnauthenticated = errors.New("unauthenticated")

// tokenPrefix makes tokens recognisable to secret scanners and people.
const tokenPrefix = "egm_"

// tokenBytes is the entropy of a token: 256 bits.
const tokenBytes = 32

// maxTokenLen bounds what ParseBearer accepts before hashing anything.
const maxTokenLen = 128

// NewToken returns a new random token and the hash to store for it.
func NewToken() (token string, hash []byte, err error) {
	b := make([]byte, tokenBytes)
	if _, err := rand.Read(b); err != nil {
		return "", nil, fmt.Errorf("read random bytes: %w", err)
	}
	token = tokenPrefix + base64.RawURLEncoding.EncodeToString(b)
	return token, HashToken(token), nil
}

// HashToken returns the SHA-256 of a token. Tokens are looked up by this
// hash, so the lookup's timing depends only on the hash of what the caller
// sent, which reveals nothing about any stored token.
func HashToken(token string) []byte {
	sum := sha256.Sum256([]byte(token))
	return sum[:]
}

// ParseBearer extracts the token from an Authorization header value of the
// form "Bearer <token>" (the scheme in any letter case). It returns
// ErrUnauthenticated for a missing or malformed header.
func ParseBearer(header string) (string, error) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		return "", ErrUnauthenticated
	}
	if len(token) <= len(tokenPrefix) || len(token) > maxTokenLen || !strings.HasPrefix(token, tokenPrefix) {
		return "", ErrUnauthenticated
	}
	for i := len(tokenPrefix); i < len(token); i++ {
		if !isBase64URL(token[i]) {
			return "", ErrUnauthenticated
		}
	}
	return token, nil
}

func isBase64URL(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '_'
}

// ParseScopes splits a comma-separated scope list and rejects unknown
// scopes with an error that lists the valid ones.
func ParseScopes(s string) ([]Scope, error) {
	var scopes []Scope
	for _, part := range strings.Split(s, ",") {
		part = strings.TrimSpace(part)
		if part == "" {
			continue
		}
		if !slices.Contains(AllScopes, Scope(part)) {
			return nil, fmt.Errorf("unknown scope %q: valid scopes are %s", part, joinScopes(AllScopes))
		}
		if !slices.Contains(scopes, Scope(part)) {
			scopes = append(scopes, Scope(part))
		}
	}
	if len(scopes) == 0 {
		return nil, fmt.Errorf("no scopes given: pass one or more of %s", joinScopes(AllScopes))
	}
	return scopes, nil
}

func joinScopes(scopes []Scope) string {
	names := make([]string, len(scopes))
	for i, s := range scopes {
		names[i] = string(s)
	}
	return strings.Join(names, ", ")
}

type principalKey struct{}

// WithPrincipal returns a context that carries p.
func WithPrincipal(ctx context.Context, p *Principal) context.Context {
	return context.WithValue(ctx, principalKey{}, p)
}

// FromContext returns the principal of the request, or nil when the context
// carries none.
func FromContext(ctx context.Context) *Principal {
	p, _ := ctx.Value(principalKey{}).(*Principal)
	return p
}
