package db

import (
	"context"
	"errors"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"engagements/auth"
	"engagements/engagement"
)

// ErrWorkspaceExists is returned by CreateWorkspace for a slug in use.
var ErrWorkspaceExists = errors.New("workspace slug already in use")

// CreateWorkspace inserts a workspace, or returns ErrWorkspaceExists.
func (s *Store) CreateWorkspace(ctx context.Context, slug, name string, privateByDefault bool) (*engagement.Workspace, error) {
	w := engagement.Workspace{ID: uuid.New(), Slug: slug, Name: name, PrivateByDefault: privateByDefault}
	_, err := s.pool.Exec(ctx, `INSERT INTO workspaces (id, slug, name, private_by_default) VALUES ($1, $2, $3, $4)`,
		w.ID, w.Slug, w.Name, w.PrivateByDefault)
	if isUniqueViolation(err, "workspaces_slug_key") {
		return nil, ErrWorkspaceExists
	}
	if err != nil {
		return nil, fmt.Errorf("insert workspace %q: %w", slug, err)
	}
	return &w, nil
}

// WorkspaceBySlug returns the workspace with slug, or engagement.ErrNotFound.
func (s *Store) WorkspaceBySlug(ctx context.Context, slug string) (*engagement.Workspace, error) {
	var w engagement.Workspace
	err := s.pool.QueryRow(ctx, `SELECT id, slug, name, private_by_default FROM workspaces WHERE slug = $1`, slug).
		Scan(&w.ID, &w.Slug, &w.Name, &w.PrivateByDefault)
	if err != nil {
		return nil, fmt.Errorf("select workspace %q: %w", slug, notFound(err))
	}
	return &w, nil
}

// EnsureUser returns the workspace user with email, creating it when
// missing. email must already be lower case.
func (s *Store) EnsureUser(ctx context.Context, workspaceID uuid.UUID, email string) (uuid.UUID, error) {
	var id uuid.UUID
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		var err error
		id, err = upsertUser(ctx, tx, workspaceID, email)
		return err
	})
	return id, err
}

// CreateToken stores the hash of a new token for a workspace user.
func (s *Store) CreateToken(ctx context.Context, workspaceID, userID uuid.UUID, hash []byte, scopes []auth.Scope) (uuid.UUID, error) {
	id := uuid.New()
	names := make([]string, len(scopes))
	for i, scope := range scopes {
		names[i] = string(scope)
	}
	_, err := s.pool.Exec(ctx, `
		INSERT INTO api_tokens (id, workspace_id, user_id, token_hash, scopes) VALUES ($1, $2, $3, $4, $5)`,
		id, workspaceID, userID, hash, names)
	if err != nil {
		return uuid.Nil, fmt.Errorf("insert token: %w", err)
	}
	return id, nil
}

// RevokeToken marks a token revoked; later requests with it get 401.
func (s *Store) RevokeToken(ctx context.Context, id uuid.UUID) error {
	tag, err := s.pool.Exec(ctx, `UPDATE api_tokens SET revoked_at = now() WHERE id = $1 AND revoked_at IS NULL`, id)
	if err != nil {
		return fmt.Errorf("revoke token %s: %w", id, err)
	}
	if tag.RowsAffected() == 0 {
		return fmt.Errorf("revoke token %s: %w", id, engagement.ErrNotFound)
	}
	return nil
}

// Authenticate returns the principal of the unrevoked token with this
// hash, or auth.ErrUnauthenticated.
func (s *Store) Authenticate(ctx context.Context, hash []byte) (*auth.Principal, error) {
	var (
		p      auth.Principal
		scopes []string
	)
	err := s.pool.QueryRow(ctx, `
		SELECT t.id, t.workspace_id, t.user_id, u.email, t.scopes, w.private_by_default
		FROM api_tokens t
		JOIN users u ON u.id = t.user_id
		JOIN workspaces w ON w.id = t.workspace_id
		WHERE t.token_hash = $1 AND t.revoked_at IS NULL`, hash).
		Scan(&p.TokenID, &p.WorkspaceID, &p.UserID, &p.UserEmail, &scopes, &p.WorkspacePrivateByDefault)
	if errors.Is(err, pgx.ErrNoRows) {
		return nil, auth.ErrUnauthenticated
	}
	if err != nil {
		return nil, fmt.Errorf("select token: %w", err)
	}
	for _, scope := range scopes {
		p.Scopes = append(p.Scopes, auth.Scope(scope))
	}
	return &p, nil
}
