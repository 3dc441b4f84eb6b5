// Package seed fills a workspace with realistic demo engagements: timed
// transcripts, owners, participants as contacts and companies, action items
// and signals. It writes with COPY, so 10,000 engagements take seconds.
package seed

import (
	"context"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/pgxpool"

	"engagements/engagement"
)

// Stats reports what Run wrote.
type Stats struct {
	Engagements int
	Duration    time.Duration
}

// Pool sizes of the people and companies shared by the seeded engagements.
const (
	ownerCount   = 8
	companyCount = 40
	contactCount = 200
)

// Run adds count engagements to the workspace in one transaction. Every
// run uses fresh external IDs, domains and emails, so running it twice on
// one workspace adds more data instead of failing.
func Run(ctx context.Context, pool *pgxpool.Pool, workspaceID uuid.UUID, count int) (Stats, error) {
	start := time.Now()
	g := newGenerator(workspaceID)
	data := g.generate(count)

	err := pgx.BeginFunc(ctx, pool, func(tx pgx.Tx) error {
		for _, t := range data.tables() {
			if _, err := tx.CopyFrom(ctx, pgx.Identifier{t.name}, t.columns, pgx.CopyFromRows(t.rows)); err != nil {
				return fmt.Errorf("copy %s: %w", t.name, err)
			}
		}
		return nil
	})
	if err != nil {
		return Stats{}, fmt.Errorf("seed workspace %s: %w", workspaceID, err)
	}
	return Stats{Engagements: count, Duration: time.Since(start)}, nil
}

type table struct {
	name    string
	columns []string
	rows    [][]any
}

// dataset is every row of one run, by table, in foreign-key order.
type dataset struct {
	users, companies, contacts, engagements, people,
	engagementContacts, engagementCompanies, actionItems, signals [][]any
}

func (d *dataset) tables() []table {
	return []table{
		{"users", []string{"id", "workspace_id", "email", "name"}, d.users},
		{"companies", []string{"id", "workspace_id", "name", "domain"}, d.companies},
		{"contacts", []string{"id", "workspace_id", "name", "email", "phone", "company_id"}, d.contacts},
		{"engagements", []string{"id", "workspace_id", "type", "title", "started_at", "created_at",
			"source_system", "external_id", "external_url", "automations_enabled", "is_private",
			"owner_id", "media_source_url", "transcript", "timeline"}, d.engagements},
		{"engagement_people", []string{"engagement_id", "email"}, d.people},
		{"engagement_contacts", []string{"engagement_id", "contact_id", "position", "name", "phone", "company_id"}, d.engagementContacts},
		{"engagement_companies", []string{"engagement_id", "company_id", "position", "name"}, d.engagementCompanies},
		{"action_items", []string{"id", "workspace_id", "engagement_id", "position", "text",
			"assignee_name", "assignee_email", "due_at", "completed", "start_ms"}, d.actionItems},
		{"signals", []string{"id", "workspace_id", "engagement_id", "position", "kind", "name",
			"text", "start_ms", "speaker_index", "confidence"}, d.signals},
	}
}

type person struct {
	id                 uuid.UUID
	name, email, phone string
	company            int
}

type generator struct {
	workspaceID uuid.UUID
	rng         *rand.Rand
	tag         string
	owners      []person
	companies   []uuid.UUID
	contacts    []person
}

func newGenerator(workspaceID uuid.UUID) *generator {
	seedBytes := uuid.New()
	return &generator{
		workspaceID: workspaceID,
		rng:         rand.New(rand.NewPCG(uint64(seedBytes.ID()), uint64(time.Now().UnixNano()))),
		tag:         hex.EncodeToString(seedBytes[:3]),
	}
}

func (g *generator) generate(count int) *dataset {
	d := &dataset{}
	g.addPeople(d)

	// Spread createdAt over the last 90 days, newest last, so pages are
	// realistic for keyset pagination.
	now := time.Now().UTC().Truncate(time.Microsecond)
	for i := range count {
		createdAt := now.Add(-time.Duration(count-i) * (90 * 24 * time.Hour / time.Duration(count+1)))
		g.addEngagement(d, i, createdAt)
	}
	return d
}

func (g *generator) addPeople(d *dataset) {
	for i := range ownerCount {
		first := pick(g.rng, firstNames)
		p := person{id: uuid.New(), name: first + " " + pick(g.rng, lastNames),
			email: fmt.Sprintf("%s.%d.%s@ourteam.example", lower(first), i, g.tag)}
		g.owners = append(g.owners, p)
		d.users = append(d.users, []any{p.id, g.workspaceID, p.email, p.name})
	}
	for i := range companyCount {
		id := uuid.New()
		name := companyNames[i%len(companyNames)]
		domain := fmt.Sprintf("%s-%d-%s.example", lower(name), i, g.tag)
		g.companies = append(g.companies, id)
		d.companies = append(d.companies, []any{id, g.workspaceID, name, domain})
	}
	for i := range contactCount {
		first, last := pick(g.rng, firstNames), pick(g.rng, lastNames)
		company := g.rng.IntN(companyCount)
		p := person{id: uuid.New(), name: first + " " + last, company: company,
			email: fmt.Sprintf("%s.%s.%d@%s", lower(first), lower(last), i, d.companies[company][3]),
			phone: fmt.Sprintf("+1 555 %03d %04d", g.rng.IntN(1000), g.rng.IntN(10000))}
		g.contacts = append(g.contacts, p)
		d.contacts = append(d.contacts, []any{p.id, g.workspaceID, p.name, p.email, p.phone, g.companies[company]})
	}
}

func (g *generator) addEngagement(d *dataset, i int, createdAt time.Time) {
	id := uuid.New()
	owner := g.owners[g.rng.IntN(len(g.owners))]
	guests := g.pickContacts(1 + g.rng.IntN(3))
	timeline := g.timeline(owner, guests)
	timelineJSON, _ := json.Marshal(timeline) // Marshal cannot fail on these types.

	kind := engagement.TypeCall
	if g.rng.IntN(3) == 0 {
		kind = engagement.TypeMeeting
	}
	company := g.contacts[guests[0]].company
	title := fmt.Sprintf("%s with %s", pick(g.rng, meetingKinds), companyNames[company%len(companyNames)])
	startedAt := createdAt.Add(-time.Duration(30+g.rng.IntN(600)) * time.Minute)
	externalID := fmt.Sprintf("seed-%s-%d", g.tag, i)
	externalURL := "https://crm.example/calls/" + externalID
	isPrivate := g.rng.IntN(10) == 0

	d.engagements = append(d.engagements, []any{id, g.workspaceID, string(kind), title, startedAt, createdAt,
		"seed", externalID, externalURL, true, isPrivate, owner.id, nil, nil, timelineJSON})

	emails := map[string]bool{owner.email: true}
	var companies []uuid.UUID
	for pos, c := range guests {
		guest := g.contacts[c]
		emails[guest.email] = true
		d.engagementContacts = append(d.engagementContacts, []any{id, guest.id, pos + 1, guest.name, guest.phone, g.companies[guest.company]})
		if !containsID(companies, g.companies[guest.company]) {
			companies = append(companies, g.companies[guest.company])
			d.engagementCompanies = append(d.engagementCompanies, []any{id, g.companies[guest.company], len(companies),
				companyNames[guest.company%len(companyNames)]})
		}
	}
	for email := range emails {
		d.people = append(d.people, []any{id, email})
	}
	g.addInsights(d, id, owner, timeline)
}

func (g *generator) pickContacts(n int) []int {
	picked := make([]int, 0, n)
	for len(picked) < n {
		c := g.rng.IntN(len(g.contacts))
		if !containsInt(picked, c) {
			picked = append(picked, c)
		}
	}
	return picked
}
