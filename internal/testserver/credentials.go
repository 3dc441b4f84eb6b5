package testserver

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"github.com/google/uuid"

	"engagements/auth"
)

// Credentials is a bearer token and the workspace that it belongs to.
type Credentials struct {
	// Token is the bearer token for the Authorization header.
	Token string
	// WorkspaceID is the ID of the token's workspace.
	WorkspaceID uuid.UUID
	// WorkspaceSlug is the slug of the token's workspace, as the API
	// reports it in viewer.workspace.slug.
	WorkspaceSlug string
}

// Credentials creates a workspace with a unique slug, a user in it and a
// bearer token of that user with scopes. Each call gets a workspace of its
// own, so tests do not see each other's data. It fails the test when the
// store rejects any of them.
func (s *Server) Credentials(t testing.TB, scopes ...auth.Scope) Credentials {
	t.Helper()
	ctx := context.Background()
	id := strings.ReplaceAll(uuid.NewString(), "-", "")[:16]

	w, err := s.Store.CreateWorkspace(ctx, "e2e-"+id, "E2E "+id, false)
	if err != nil {
		t.Fatalf("create workspace: %v", err)
	}
	userID, err := s.Store.EnsureUser(ctx, w.ID, fmt.Sprintf("e2e-%s@ourteam.example", id))
	if err != nil {
		t.Fatalf("create user: %v", err)
	}
	token, hash, err := auth.NewToken()
	if err != nil {
		t.Fatalf("create token: %v", err)
	}
	if _, err := s.Store.CreateToken(ctx, w.ID, userID, hash, scopes); err != nil {
		t.Fatalf("store token: %v", err)
	}
	return Credentials{Token: token, WorkspaceID: w.ID, WorkspaceSlug: w.Slug}
}

// Token creates a workspace, user and token as Credentials does, and
// returns only the token.
func (s *Server) Token(t testing.TB, scopes ...auth.Scope) string {
	t.Helper()
	return s.Credentials(t, scopes...).Token
}
