package db

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"engagements/engagement"
)

// The batch loads below take many engagement IDs and each needs one round
// trip. They filter on workspace_id as well as the IDs, so a key from
// another workspace can never pull in that workspace's rows.

// CompaniesByEngagement implements engagement.Expansions. Companies are
// shared by domain, so each one carries the name its engagement gave it.
// Insert always writes that name, and the company's own name covers links
// written by other means, such as the seed command.
func (s *Store) CompaniesByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]engagement.Company, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT ec.engagement_id, c.id, c.workspace_id, COALESCE(ec.name, c.name), c.domain
		FROM engagement_companies ec JOIN companies c ON c.id = ec.company_id
		WHERE c.workspace_id = $1 AND ec.engagement_id = ANY($2)
		ORDER BY ec.engagement_id, ec.position`, workspaceID, ids)
	if err != nil {
		return nil, fmt.Errorf("select companies: %w", err)
	}
	return groupRows(rows, func(row pgx.Rows) (uuid.UUID, engagement.Company, error) {
		var key uuid.UUID
		var c engagement.Company
		err := row.Scan(&key, &c.ID, &c.WorkspaceID, &c.Name, &c.Domain)
		return key, c, err
	})
}

// ContactsByEngagement implements engagement.Expansions. Each contact comes
// with its company, joined in the same query. The ID and email come from
// the shared contact, while the name, phone and company are those given in
// that engagement, so no engagement shows or changes another's details. The
// company's name is the one the engagement gave it, as in
// CompaniesByEngagement.
func (s *Store) ContactsByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]engagement.Contact, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT ec.engagement_id, c.id, c.workspace_id, ec.name, c.email, ec.phone,
			co.id, COALESCE(ecomp.name, co.name), co.domain
		FROM engagement_contacts ec
		JOIN contacts c ON c.id = ec.contact_id
		LEFT JOIN companies co ON co.id = ec.company_id
		LEFT JOIN engagement_companies ecomp
			ON ecomp.engagement_id = ec.engagement_id AND ecomp.company_id = ec.company_id
		WHERE c.workspace_id = $1 AND ec.engagement_id = ANY($2)
		ORDER BY ec.engagement_id, ec.position`, workspaceID, ids)
	if err != nil {
		return nil, fmt.Errorf("select contacts: %w", err)
	}
	return groupRows(rows, func(row pgx.Rows) (uuid.UUID, engagement.Contact, error) {
		var (
			key         uuid.UUID
			c           engagement.Contact
			companyID   *uuid.UUID
			companyName *string
			domain      *string
		)
		err := row.Scan(&key, &c.ID, &c.WorkspaceID, &c.Name, &c.Email, &c.Phone, &companyID, &companyName, &domain)
		if err == nil && companyID != nil {
			c.Company = &engagement.Company{ID: *companyID, WorkspaceID: c.WorkspaceID, Name: *companyName, Domain: domain}
		}
		return key, c, err
	})
}

// ActionItemsByEngagement implements engagement.Expansions.
func (s *Store) ActionItemsByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]engagement.ActionItem, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT engagement_id, id, text, assignee_name, assignee_email, due_at, completed, start_ms
		FROM action_items WHERE workspace_id = $1 AND engagement_id = ANY($2)
		ORDER BY engagement_id, position`, workspaceID, ids)
	if err != nil {
		return nil, fmt.Errorf("select action items: %w", err)
	}
	return groupRows(rows, func(row pgx.Rows) (uuid.UUID, engagement.ActionItem, error) {
		var a engagement.ActionItem
		err := row.Scan(&a.EngagementID, &a.ID, &a.Text, &a.AssigneeName, &a.AssigneeEmail, &a.DueAt, &a.Completed, &a.StartMs)
		return a.EngagementID, a, err
	})
}

// SignalsByEngagement implements engagement.Expansions.
func (s *Store) SignalsByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]engagement.Signal, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT engagement_id, id, kind, name, text, start_ms, speaker_index, confidence
		FROM signals WHERE workspace_id = $1 AND engagement_id = ANY($2)
		ORDER BY engagement_id, position`, workspaceID, ids)
	if err != nil {
		return nil, fmt.Errorf("select signals: %w", err)
	}
	return groupRows(rows, func(row pgx.Rows) (uuid.UUID, engagement.Signal, error) {
		var sig engagement.Signal
		err := row.Scan(&sig.EngagementID, &sig.ID, &sig.Kind, &sig.Name, &sig.Text, &sig.StartMs, &sig.SpeakerIndex, &sig.Confidence)
		return sig.EngagementID, sig, err
	})
}

// UsersByID implements engagement.Expansions.
func (s *Store) UsersByID(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]engagement.User, error) {
	rows, err := s.pool.Query(ctx, `
		SELECT id, workspace_id, name, email FROM users WHERE workspace_id = $1 AND id = ANY($2)`,
		workspaceID, ids)
	if err != nil {
		return nil, fmt.Errorf("select users: %w", err)
	}
	defer rows.Close()

	users := make(map[uuid.UUID]engagement.User, len(ids))
	for rows.Next() {
		var u engagement.User
		if err := rows.Scan(&u.ID, &u.WorkspaceID, &u.Name, &u.Email); err != nil {
			return nil, fmt.Errorf("scan user: %w", err)
		}
		users[u.ID] = u
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select users: %w", err)
	}
	return users, nil
}

// groupRows scans rows into lists keyed by the first value scan returns,
// keeping the query's order within each list.
func groupRows[T any](rows pgx.Rows, scan func(pgx.Rows) (uuid.UUID, T, error)) (map[uuid.UUID][]T, error) {
	defer rows.Close()
	groups := make(map[uuid.UUID][]T)
	for rows.Next() {
		key, value, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan row: %w", err)
		}
		groups[key] = append(groups[key], value)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("read rows: %w", err)
	}
	return groups, nil
}
