package db

import (
	"context"
	"fmt"

	"github.com/google/uuid"

	"engagements/engagement"
)

// Workspace implements engagement.Nodes. Only the viewer's own workspace is
// found.
func (s *Store) Workspace(ctx context.Context, v engagement.Viewer, id uuid.UUID) (*engagement.Workspace, error) {
	if id != v.WorkspaceID {
		return nil, engagement.ErrNotFound
	}
	var w engagement.Workspace
	err := s.pool.QueryRow(ctx, `SELECT id, slug, name, private_by_default FROM workspaces WHERE id = $1`, id).
		Scan(&w.ID, &w.Slug, &w.Name, &w.PrivateByDefault)
	if err != nil {
		return nil, fmt.Errorf("select workspace %s: %w", id, notFound(err))
	}
	return &w, nil
}

// User implements engagement.Nodes.
func (s *Store) User(ctx context.Context, v engagement.Viewer, id uuid.UUID) (*engagement.User, error) {
	var u engagement.User
	err := s.pool.QueryRow(ctx, `SELECT id, workspace_id, name, email FROM users WHERE workspace_id = $1 AND id = $2`,
		v.WorkspaceID, id).Scan(&u.ID, &u.WorkspaceID, &u.Name, &u.Email)
	if err != nil {
		return nil, fmt.Errorf("select user %s: %w", id, notFound(err))
	}
	return &u, nil
}

// Company implements engagement.Nodes. The name is the one given in the
// newest engagement that links the company and that v may see, so a name
// given only in a hidden engagement never shows.
func (s *Store) Company(ctx context.Context, v engagement.Viewer, id uuid.UUID) (*engagement.Company, error) {
	var c engagement.Company
	err := s.pool.QueryRow(ctx, `
		SELECT c.id, c.workspace_id, COALESCE(ec.name, c.name), c.domain
		FROM companies c
		JOIN engagement_companies ec ON ec.company_id = c.id
		JOIN engagements e ON e.id = ec.engagement_id
		WHERE c.workspace_id = $1 AND c.id = $5 AND `+visibleEngagement+`
		ORDER BY e.created_at DESC, e.id DESC
		LIMIT 1`,
		append(viewerArgs(v), id)...).Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Domain)
	if err != nil {
		return nil, fmt.Errorf("select company %s: %w", id, notFound(err))
	}
	return &c, nil
}

// Contact implements engagement.Nodes. The name, phone and company are
// those given in the newest engagement that links the contact and that v
// may see, so details given only in a hidden engagement never show.
func (s *Store) Contact(ctx context.Context, v engagement.Viewer, id uuid.UUID) (*engagement.Contact, error) {
	var (
		c           engagement.Contact
		companyID   *uuid.UUID
		companyName *string
		domain      *string
	)
	err := s.pool.QueryRow(ctx, `
		SELECT c.id, c.workspace_id, ec.name, c.email, ec.phone,
			co.id, COALESCE(ecomp.name, co.name), co.domain
		FROM contacts c
		JOIN engagement_contacts ec ON ec.contact_id = c.id
		JOIN engagements e ON e.id = ec.engagement_id
		LEFT JOIN companies co ON co.id = ec.company_id
		LEFT JOIN engagement_companies ecomp
			ON ecomp.engagement_id = ec.engagement_id AND ecomp.company_id = ec.company_id
		WHERE c.workspace_id = $1 AND c.id = $5 AND `+visibleEngagement+`
		ORDER BY e.created_at DESC, e.id DESC
		LIMIT 1`,
		append(viewerArgs(v), id)...).
		Scan(&c.ID, &c.WorkspaceID, &c.Name, &c.Email, &c.Phone, &companyID, &companyName, &domain)
	if err != nil {
		return nil, fmt.Errorf("select contact %s: %w", id, notFound(err))
	}
	if companyID != nil {
		c.Company = &engagement.Company{ID: *companyID, WorkspaceID: c.WorkspaceID, Name: *companyName, Domain: domain}
	}
	return &c, nil
}

// ActionItem implements engagement.Nodes.
func (s *Store) ActionItem(ctx context.Context, v engagement.Viewer, id uuid.UUID) (*engagement.ActionItem, error) {
	var a engagement.ActionItem
	err := s.pool.QueryRow(ctx, `
		SELECT a.engagement_id, a.id, a.text, a.assignee_name, a.assignee_email, a.due_at, a.completed, a.start_ms
		FROM action_items a JOIN engagements e ON e.id = a.engagement_id
		WHERE a.id = $5 AND `+visibleEngagement, append(viewerArgs(v), id)...).
		Scan(&a.EngagementID, &a.ID, &a.Text, &a.AssigneeName, &a.AssigneeEmail, &a.DueAt, &a.Completed, &a.StartMs)
	if err != nil {
		return nil, fmt.Errorf("select action item %s: %w", id, notFound(err))
	}
	return &a, nil
}

// Signal implements engagement.Nodes.
func (s *Store) Signal(ctx context.Context, v engagement.Viewer, id uuid.UUID) (*engagement.Signal, error) {
	var sig engagement.Signal
	err := s.pool.QueryRow(ctx, `
		SELECT g.engagement_id, g.id, g.kind, g.name, g.text, g.start_ms, g.speaker_index, g.confidence
		FROM signals g JOIN engagements e ON e.id = g.engagement_id
		WHERE g.id = $5 AND `+visibleEngagement, append(viewerArgs(v), id)...).
		Scan(&sig.EngagementID, &sig.ID, &sig.Kind, &sig.Name, &sig.Text, &sig.StartMs, &sig.SpeakerIndex, &sig.Confidence)
	if err != nil {
		return nil, fmt.Errorf("select signal %s: %w", id, notFound(err))
	}
	return &sig, nil
}
