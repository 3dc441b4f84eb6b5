package db

import (
	"context"
	"fmt"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
)

// fillFromPublic completes the participants that come without a name, phone
// or company name with the details their contact has in the workspace's
// most recent public engagement, so that a create listing only an email
// still shows the person's name. Only public engagements are read, because
// every reader of the workspace may see them: details from a private one
// would reach the readers of the new engagement, whoever creates it.
func fillFromPublic(ctx context.Context, tx pgx.Tx, workspaceID uuid.UUID, participants []participant) error {
	var emails []string
	for _, p := range participants {
		if p.email != nil && (p.name == nil || p.phone == nil || p.companyName == nil) {
			emails = append(emails, *p.email)
		}
	}
	if len(emails) == 0 {
		return nil
	}

	// Each link row already holds what was copied into it at its own
	// insert, so the newest public row carries the older public details.
	rows, err := tx.Query(ctx, `
		SELECT DISTINCT ON (c.email) c.email, ec.name, ec.phone, ecomp.name
		FROM contacts c
		JOIN engagement_contacts ec ON ec.contact_id = c.id
		JOIN engagements e ON e.id = ec.engagement_id
		LEFT JOIN engagement_companies ecomp
			ON ecomp.engagement_id = ec.engagement_id AND ecomp.company_id = ec.company_id
		WHERE c.workspace_id = $1 AND c.email = ANY($2)
			AND e.workspace_id = $1 AND NOT e.is_private
		ORDER BY c.email, e.created_at DESC, e.id DESC`, workspaceID, emails)
	if err != nil {
		return fmt.Errorf("select public participant details: %w", err)
	}
	known, err := pgx.CollectRows(rows, func(row pgx.CollectableRow) (participant, error) {
		var p participant
		err := row.Scan(&p.email, &p.name, &p.phone, &p.companyName)
		return p, err
	})
	if err != nil {
		return fmt.Errorf("select public participant details: %w", err)
	}

	byEmail := make(map[string]participant, len(known))
	for _, p := range known {
		byEmail[*p.email] = p
	}
	for i, p := range participants {
		if p.email == nil {
			continue
		}
		if public, ok := byEmail[*p.email]; ok {
			participants[i] = merge(p, public)
		}
	}
	return nil
}
