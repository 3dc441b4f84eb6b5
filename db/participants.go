package db

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"engagements/engagement"
)

// people is the normalized list of participants and speaker emails of a
// new engagement.
type people struct {
	participants []participant
	speakerMails []string
}

type participant struct {
	name, email, phone *string
	// companyName is the trimmed company name given for the participant,
	// or nil when none was.
	companyName *string
}

// company returns the company the participant belongs to, or nil when
// neither a company name nor an employer domain is known.
func (p participant) company() *companyKey {
	return companyOf(p.companyName, p.email)
}

// companyKey identifies a company: by domain when one is known, else by
// name.
type companyKey struct {
	name   string
	domain *string
	// fromDomain is true when name is the domain because no company name
	// was given.
	fromDomain bool
}

// companyLink is a company as one engagement names it: companies are
// shared by domain, but each engagement keeps the name its participants
// gave.
type companyLink struct {
	id   uuid.UUID
	name string
}

// freeMailDomains are email providers whose domain does not identify the
// employer, so they never become companies.
var freeMailDomains = map[string]bool{
	"gmail.com": true, "googlemail.com": true, "outlook.com": true, "hotmail.com": true,
	"live.com": true, "yahoo.com": true, "icloud.com": true, "me.com": true,
	"aol.com": true, "proton.me": true, "protonmail.com": true, "gmx.com": true,
	"gmx.de": true, "web.de": true, "mail.com": true, "yandex.ru": true,
}

// participantsOf normalizes emails to lower case, merges participants
// that share an email, and sorts them so that concurrent inserts lock
// companies and contacts in one order and cannot deadlock.
func participantsOf(ne engagement.NewEngagement) people {
	var out people
	byEmail := map[string]int{}
	for _, in := range ne.Participants {
		p := participant{name: in.Name, phone: in.Phone}
		if in.Email != nil && *in.Email != "" {
			email := engagement.NormalizeEmail(*in.Email)
			p.email = &email
		}
		if in.CompanyName != nil && strings.TrimSpace(*in.CompanyName) != "" {
			name := strings.TrimSpace(*in.CompanyName)
			p.companyName = &name
		}

		if p.email != nil {
			if i, seen := byEmail[*p.email]; seen {
				out.participants[i] = merge(out.participants[i], p)
				continue
			}
			byEmail[*p.email] = len(out.participants)
		}
		out.participants = append(out.participants, p)
	}
	slices.SortStableFunc(out.participants, func(a, b participant) int {
		return cmp.Compare(deref(a.email), deref(b.email))
	})

	for _, s := range ne.Timeline.Speakers {
		if s.Email != nil && *s.Email != "" {
			out.speakerMails = append(out.speakerMails, engagement.NormalizeEmail(*s.Email))
		}
	}
	return out
}

// emails returns every participant and speaker email, sorted and unique.
func (p people) emails() []string {
	emails := slices.Clone(p.speakerMails)
	for _, q := range p.participants {
		if q.email != nil {
			emails = append(emails, *q.email)
		}
	}
	slices.Sort(emails)
	return slices.Compact(emails)
}

func companyOf(name, email *string) *companyKey {
	var domain *string
	if email != nil {
		if _, d, ok := strings.Cut(*email, "@"); ok && d != "" && !freeMailDomains[d] {
			domain = &d
		}
	}
	switch {
	case name != nil && strings.TrimSpace(*name) != "":
		return &companyKey{name: strings.TrimSpace(*name), domain: domain}
	case domain != nil:
		return &companyKey{name: *domain, domain: domain, fromDomain: true}
	default:
		return nil
	}
}

func merge(a, b participant) participant {
	if a.name == nil {
		a.name = b.name
	}
	if a.phone == nil {
		a.phone = b.phone
	}
	if a.companyName == nil {
		a.companyName = b.companyName
	}
	return a
}

// id returns the key that deduplicates the company: its domain, or else
// its name in lower case.
func (k companyKey) id() string {
	if k.domain != nil {
		return "domain:" + *k.domain
	}
	return "name:" + strings.ToLower(k.name)
}

// upsertCompanies creates the companies of participants that are missing
// and returns every company by companyKey.id. When participants name one
// company differently, the engagement keeps the first given name in sorted
// order, and a name taken from the domain only when none was given.
func upsertCompanies(ctx context.Context, tx pgx.Tx, workspaceID uuid.UUID, participants []participant) (map[string]companyLink, error) {
	var keys []companyKey
	for _, p := range participants {
		if key := p.company(); key != nil {
			keys = append(keys, *key)
		}
	}
	slices.SortFunc(keys, func(a, b companyKey) int {
		return cmp.Or(
			cmp.Compare(a.id(), b.id()),
			compareBool(a.fromDomain, b.fromDomain),
			cmp.Compare(a.name, b.name),
		)
	})

	links := make(map[string]companyLink, len(keys))
	for _, key := range keys {
		if _, done := links[key.id()]; done {
			continue
		}
		id, err := upsertCompany(ctx, tx, workspaceID, key)
		if err != nil {
			return nil, err
		}
		links[key.id()] = companyLink{id: id, name: key.name}
	}
	return links, nil
}

// compareBool orders false before true.
func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	default:
		return -1
	}
}

// upsertCompany returns the ID of the company, creating it when missing.
// An existing company keeps the name it was created with.
//
// TODO: that first name can come from a private engagement. Every read path
// shows the name from the engagement's own link row instead, but a new read
// path that shows companies.name would reveal it.
func upsertCompany(ctx context.Context, tx pgx.Tx, workspaceID uuid.UUID, key companyKey) (uuid.UUID, error) {
	query := `
		INSERT INTO companies (id, workspace_id, name, domain) VALUES ($1, $2, $3, $4)
		ON CONFLICT (workspace_id, domain) WHERE domain IS NOT NULL DO UPDATE SET domain = EXCLUDED.domain
		RETURNING id`
	if key.domain == nil {
		query = `
		INSERT INTO companies (id, workspace_id, name, domain) VALUES ($1, $2, $3, $4)
		ON CONFLICT (workspace_id, lower(name)) WHERE domain IS NULL DO UPDATE SET name = companies.name
		RETURNING id`
	}
	var id uuid.UUID
	if err := tx.QueryRow(ctx, query, uuid.New(), workspaceID, key.name, key.domain).Scan(&id); err != nil {
		return uuid.Nil, fmt.Errorf("upsert company: %w", err)
	}
	return id, nil
}

// upsertContact returns the ID of the contact for p. A contact with an
// email is shared by every engagement of the workspace with that email. Its
// row keeps the details it was created with, so that a later engagement
// cannot rewrite a private engagement's participant: each engagement shows
// the details on its own engagement_contacts row. A participant without an
// email becomes a new contact each time.
func upsertContact(ctx context.Context, tx pgx.Tx, workspaceID uuid.UUID, p participant, companyID *uuid.UUID) (uuid.UUID, error) {
	var id uuid.UUID
	// The no-op update makes RETURNING yield the existing row's ID too.
	err := tx.QueryRow(ctx, `
		INSERT INTO contacts (id, workspace_id, name, email, phone, company_id) VALUES ($1, $2, $3, $4, $5, $6)
		ON CONFLICT (workspace_id, email) WHERE email IS NOT NULL DO UPDATE SET email = EXCLUDED.email
		RETURNING id`, uuid.New(), workspaceID, p.name, p.email, p.phone, companyID).Scan(&id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("upsert contact: %w", err)
	}
	return id, nil
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}
