package db

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"slices"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"engagements/engagement"
)

// errConflict rolls back the insert transaction when the externalId is
// taken; Insert turns it into engagement.ErrExternalIDTaken.
var errConflict = errors.New("external id conflict")

// Insert implements engagement.Store.
func (s *Store) Insert(ctx context.Context, ne engagement.NewEngagement) (*engagement.Engagement, error) {
	e := ne.Engagement
	err := pgx.BeginFunc(ctx, s.pool, func(tx pgx.Tx) error {
		ownerID, err := upsertUser(ctx, tx, e.WorkspaceID, ne.OwnerEmail)
		if err != nil {
			return err
		}
		e.OwnerID = &ownerID

		inserted, err := insertEngagement(ctx, tx, &e)
		if err != nil {
			return err
		}
		if !inserted {
			return errConflict
		}

		people := participantsOf(ne)
		if err := insertPeople(ctx, tx, e.ID, people.emails()); err != nil {
			return err
		}
		if err := linkExternalParticipants(ctx, tx, e.WorkspaceID, e.ID, people); err != nil {
			return err
		}
		if e.MediaStatus == engagement.MediaPending {
			return s.enqueueIngest(ctx, tx, e.ID)
		}
		return nil
	})
	if errors.Is(err, errConflict) {
		return nil, engagement.ErrExternalIDTaken
	}
	if err != nil {
		return nil, fmt.Errorf("insert engagement %s: %w", e.ID, err)
	}
	return &e, nil
}

// upsertUser returns the ID of the workspace user with email, creating the
// user when missing.
func upsertUser(ctx context.Context, tx pgx.Tx, workspaceID uuid.UUID, email string) (uuid.UUID, error) {
	var id uuid.UUID
	// The no-op update makes RETURNING yield the existing row's ID too.
	err := tx.QueryRow(ctx, `
		INSERT INTO users (id, workspace_id, email) VALUES ($1, $2, $3)
		ON CONFLICT (workspace_id, email) DO UPDATE SET email = EXCLUDED.email
		RETURNING id`, uuid.New(), workspaceID, email).Scan(&id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("upsert user: %w", err)
	}
	return id, nil
}

// insertEngagement inserts the row unless the externalId is taken, and
// reports whether it did.
func insertEngagement(ctx context.Context, tx pgx.Tx, e *engagement.Engagement) (bool, error) {
	var timeline []byte
	if len(e.Timeline.Speakers) > 0 || len(e.Timeline.Entries) > 0 {
		var err error
		if timeline, err = json.Marshal(e.Timeline); err != nil {
			return false, fmt.Errorf("encode timeline: %w", err)
		}
	}

	tag, err := tx.Exec(ctx, `
		INSERT INTO engagements (id, workspace_id, type, title, started_at, created_at,
			source_system, external_id, external_url, automations_enabled, is_private,
			owner_id, media_source_url, transcript, timeline, media_status, created_by)
		VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17)
		ON CONFLICT ON CONSTRAINT engagements_external_id_key DO NOTHING`,
		e.ID, e.WorkspaceID, string(e.Type), e.Title, e.StartedAt, e.CreatedAt,
		e.SourceSystem, e.ExternalID, e.ExternalURL, e.AutomationsEnabled, e.IsPrivate,
		e.OwnerID, e.MediaSourceURL, e.Transcript, timeline, string(e.MediaStatus), e.CreatedBy)
	if err != nil {
		return false, fmt.Errorf("insert engagement row: %w", err)
	}
	return tag.RowsAffected() == 1, nil
}

// insertPeople records the emails that make users participants of the
// engagement for the privacy rule.
func insertPeople(ctx context.Context, tx pgx.Tx, engagementID uuid.UUID, emails []string) error {
	if len(emails) == 0 {
		return nil
	}
	_, err := tx.Exec(ctx, `
		INSERT INTO engagement_people (engagement_id, email)
		SELECT $1, unnest($2::text[]) ON CONFLICT DO NOTHING`, engagementID, emails)
	if err != nil {
		return fmt.Errorf("insert engagement people: %w", err)
	}
	return nil
}

// linkExternalParticipants turns the participants that are not workspace
// users into contacts and companies and links them to the engagement.
func linkExternalParticipants(ctx context.Context, tx pgx.Tx, workspaceID, engagementID uuid.UUID, people people) error {
	if len(people.participants) == 0 {
		return nil
	}
	internal, err := workspaceUsers(ctx, tx, workspaceID, people.emails())
	if err != nil {
		return err
	}

	var external []participant
	for _, p := range people.participants {
		if p.email == nil || !internal[*p.email] {
			external = append(external, p)
		}
	}

	if err := fillFromPublic(ctx, tx, workspaceID, external); err != nil {
		return err
	}

	// Companies first, then contacts, each in sorted order: every insert
	// takes its row locks in the same order, so two of them cannot
	// deadlock.
	companies, err := upsertCompanies(ctx, tx, workspaceID, external)
	if err != nil {
		return err
	}
	var contactLinks []contactLink
	var companyLinks []companyLink
	for _, p := range external {
		link := contactLink{name: p.name, phone: p.phone}
		if key := p.company(); key != nil {
			company := companies[key.id()]
			link.companyID = &company.id
			if !slices.ContainsFunc(companyLinks, func(c companyLink) bool { return c.id == company.id }) {
				companyLinks = append(companyLinks, company)
			}
		}
		if link.contactID, err = upsertContact(ctx, tx, workspaceID, p, link.companyID); err != nil {
			return err
		}
		if !slices.ContainsFunc(contactLinks, func(c contactLink) bool { return c.contactID == link.contactID }) {
			contactLinks = append(contactLinks, link)
		}
	}
	return insertLinks(ctx, tx, engagementID, contactLinks, companyLinks)
}

// contactLink is a contact as one engagement records it: the participant's
// name, phone and company as given there.
type contactLink struct {
	contactID   uuid.UUID
	name, phone *string
	companyID   *uuid.UUID
}

func workspaceUsers(ctx context.Context, tx pgx.Tx, workspaceID uuid.UUID, emails []string) (map[string]bool, error) {
	rows, err := tx.Query(ctx, `SELECT email FROM users WHERE workspace_id = $1 AND email = ANY($2)`, workspaceID, emails)
	if err != nil {
		return nil, fmt.Errorf("select participant users: %w", err)
	}
	found, err := pgx.CollectRows(rows, pgx.RowTo[string])
	if err != nil {
		return nil, fmt.Errorf("select participant users: %w", err)
	}
	internal := make(map[string]bool, len(found))
	for _, email := range found {
		internal[email] = true
	}
	return internal, nil
}

func insertLinks(ctx context.Context, tx pgx.Tx, engagementID uuid.UUID, contacts []contactLink, companies []companyLink) error {
	if len(contacts) > 0 {
		ids := make([]uuid.UUID, len(contacts))
		names := make([]*string, len(contacts))
		phones := make([]*string, len(contacts))
		companyIDs := make([]*uuid.UUID, len(contacts))
		for i, c := range contacts {
			ids[i], names[i], phones[i], companyIDs[i] = c.contactID, c.name, c.phone, c.companyID
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO engagement_contacts (engagement_id, contact_id, position, name, phone, company_id)
			SELECT $1, c.id, c.position, c.name, c.phone, c.company_id
			FROM unnest($2::uuid[], $3::text[], $4::text[], $5::uuid[])
				WITH ORDINALITY AS c(id, name, phone, company_id, position)`,
			engagementID, ids, names, phones, companyIDs)
		if err != nil {
			return fmt.Errorf("link contacts: %w", err)
		}
	}
	if len(companies) > 0 {
		ids := make([]uuid.UUID, len(companies))
		names := make([]string, len(companies))
		for i, c := range companies {
			ids[i], names[i] = c.id, c.name
		}
		_, err := tx.Exec(ctx, `
			INSERT INTO engagement_companies (engagement_id, company_id, position, name)
			SELECT $1, c.id, c.position, c.name
			FROM unnest($2::uuid[], $3::text[]) WITH ORDINALITY AS c(id, name, position)`,
			engagementID, ids, names)
		if err != nil {
			return fmt.Errorf("link companies: %w", err)
		}
	}
	return nil
}
