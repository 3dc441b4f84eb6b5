package main

import (
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"engagements/engagement"
	"engagements/globalid"
)

// pageSize is the `first: 100` of bench/list100.lua.
const pageSize = 100

// listResponse is the body of /list: the data of list100.lua's query.
type listResponse struct {
	Data struct {
		Engagements struct {
			PageInfo pageInfo `json:"pageInfo"`
			Nodes    []*node  `json:"nodes"`
		} `json:"engagements"`
	} `json:"data"`
}

type pageInfo struct {
	HasNextPage bool    `json:"hasNextPage"`
	EndCursor   *string `json:"endCursor"`
}

type node struct {
	ID                 string       `json:"id"`
	Type               string       `json:"type"`
	Title              *string      `json:"title"`
	StartedAt          *string      `json:"startedAt"`
	CreatedAt          string       `json:"createdAt"`
	SourceSystem       *string      `json:"sourceSystem"`
	ExternalID         *string      `json:"externalId"`
	ExternalURL        *string      `json:"externalUrl"`
	AutomationsEnabled bool         `json:"automationsEnabled"`
	IsPrivate          bool         `json:"isPrivate"`
	Transcript         *string      `json:"transcript"`
	MediaURL           *string      `json:"mediaUrl"`
	MediaStatus        string       `json:"mediaStatus"`
	TranscriptTimeline timeline     `json:"transcriptTimeline"`
	Companies          []company    `json:"companies"`
	Contacts           []contact    `json:"contacts"`
	Owner              *user        `json:"owner"`
	ActionItems        []actionItem `json:"actionItems"`
	Signals            []signalItem `json:"signals"`
	key                uuid.UUID    // feeds the batch queries
	ownerKey           *uuid.UUID   // feeds the users query
	createdAt          time.Time    // feeds the cursor
}

type timeline struct {
	Speakers []speaker `json:"speakers"`
	Entries  []entry   `json:"entries"`
}

type speaker struct {
	Index int     `json:"index"`
	Name  *string `json:"name"`
	Email *string `json:"email"`
}

type entry struct {
	SpeakerIndex int `json:"speakerIndex"`
	Speaker      struct {
		Name *string `json:"name"`
	} `json:"speaker"`
	StartMs   int                   `json:"startMs"`
	EndMs     int                   `json:"endMs"`
	Text      string                `json:"text"`
	Sentences []engagement.Sentence `json:"sentences"`
}

type company struct {
	ID     string  `json:"id"`
	Name   string  `json:"name"`
	Domain *string `json:"domain"`
}

type contact struct {
	ID      string   `json:"id"`
	Name    *string  `json:"name"`
	Email   *string  `json:"email"`
	Phone   *string  `json:"phone"`
	Company *company `json:"company"`
}

type user struct {
	ID    string  `json:"id"`
	Name  *string `json:"name"`
	Email string  `json:"email"`
}

type actionItem struct {
	ID            string  `json:"id"`
	Text          string  `json:"text"`
	AssigneeName  *string `json:"assigneeName"`
	AssigneeEmail *string `json:"assigneeEmail"`
	DueAt         *string `json:"dueAt"`
	Completed     bool    `json:"completed"`
	StartMs       *int    `json:"startMs"`
}

type signalItem struct {
	ID           string   `json:"id"`
	Kind         string   `json:"kind"`
	Name         string   `json:"name"`
	Text         *string  `json:"text"`
	StartMs      *int     `json:"startMs"`
	SpeakerIndex *int     `json:"speakerIndex"`
	Confidence   *float64 `json:"confidence"`
}

// list serves /list with the round trips of the GraphQL server: the token,
// the page, then five batch queries by engagement or owner IDs, which run
// concurrently as the server's dataloaders do.
func (s *server) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	v, err := s.authenticate(r)
	if err != nil {
		s.fail(w, r, err)
		return
	}

	var out listResponse
	nodes, hasNext, err := s.selectPage(ctx, v)
	if err == nil {
		err = s.expand(ctx, v.workspaceID, nodes)
	}
	if err != nil {
		s.fail(w, r, err)
		return
	}

	page := &out.Data.Engagements
	page.Nodes = nodes
	page.PageInfo.HasNextPage = hasNext
	if len(nodes) > 0 {
		last := nodes[len(nodes)-1]
		cursor := encodeCursor(last.createdAt, last.key)
		page.PageInfo.EndCursor = &cursor
	}
	writeJSON(w, http.StatusOK, out)
}

// selectPage returns the newest pageSize engagements visible to v and
// whether more follow, using the keyset order of db/engagements.go.
func (s *server) selectPage(ctx context.Context, v viewer) ([]*node, bool, error) {
	query := `SELECT e.id, e.type, e.title, e.started_at, e.created_at, e.source_system,
		e.external_id, e.external_url, e.automations_enabled, e.is_private, e.owner_id,
		e.transcript, e.timeline, e.media_status
		FROM engagements e WHERE ` + visibleEngagement + `
		ORDER BY e.created_at DESC, e.id DESC LIMIT $5`
	rows, err := s.pool.Query(ctx, query, append(v.args(), pageSize+1)...)
	if err != nil {
		return nil, false, fmt.Errorf("select engagements: %w", err)
	}
	defer rows.Close()

	nodes := make([]*node, 0, pageSize+1)
	for rows.Next() {
		n, err := scanNode(rows)
		if err != nil {
			return nil, false, err
		}
		nodes = append(nodes, n)
	}
	if err := rows.Err(); err != nil {
		return nil, false, fmt.Errorf("select engagements: %w", err)
	}
	if len(nodes) > pageSize {
		return nodes[:pageSize], true, nil
	}
	return nodes, false, nil
}

func scanNode(rows pgx.Rows) (*node, error) {
	var (
		n         node
		startedAt *time.Time
		plain     *string
		raw       []byte
	)
	err := rows.Scan(&n.key, &n.Type, &n.Title, &startedAt, &n.createdAt, &n.SourceSystem,
		&n.ExternalID, &n.ExternalURL, &n.AutomationsEnabled, &n.IsPrivate, &n.ownerKey,
		&plain, &raw, &n.MediaStatus)
	if err != nil {
		return nil, fmt.Errorf("scan engagement: %w", err)
	}

	stored, err := decodeTimeline(n.key, raw)
	if err != nil {
		return nil, err
	}
	n.ID = globalid.Encode(globalid.Engagement, n.key)
	n.StartedAt = formatTimePtr(startedAt)
	n.CreatedAt = formatTime(n.createdAt)
	n.TranscriptTimeline, n.Transcript = toTimeline(stored, plain)
	// NOTE: mediaUrl stays null because seeded engagements never have a
	// stored recording (media_status NONE), so the server signs no link
	// either. A READY row would make the two responses differ.
	return &n, nil
}

// expand fills the expansions of nodes with one query per kind, run
// concurrently. Every query filters on the workspace as well as the IDs.
func (s *server) expand(ctx context.Context, workspaceID uuid.UUID, nodes []*node) error {
	keys := make([]uuid.UUID, len(nodes))
	var owners []uuid.UUID
	for i, n := range nodes {
		keys[i] = n.key
		if n.ownerKey != nil && !slices.Contains(owners, *n.ownerKey) {
			owners = append(owners, *n.ownerKey)
		}
	}

	var (
		wg                                sync.WaitGroup
		companies                         map[uuid.UUID][]company
		contacts                          map[uuid.UUID][]contact
		actionItems                       map[uuid.UUID][]actionItem
		signals                           map[uuid.UUID][]signalItem
		users                             map[uuid.UUID][]user
		companyErr, contactErr, actionErr error
		signalErr, userErr                error
	)
	wg.Go(func() { companies, companyErr = s.selectCompanies(ctx, workspaceID, keys) })
	wg.Go(func() { contacts, contactErr = s.selectContacts(ctx, workspaceID, keys) })
	wg.Go(func() { actionItems, actionErr = s.selectActionItems(ctx, workspaceID, keys) })
	wg.Go(func() { signals, signalErr = s.selectSignals(ctx, workspaceID, keys) })
	if len(owners) > 0 {
		wg.Go(func() { users, userErr = s.selectUsers(ctx, workspaceID, owners) })
	}
	wg.Wait()
	if err := errors.Join(companyErr, contactErr, actionErr, signalErr, userErr); err != nil {
		return err
	}

	for _, n := range nodes {
		n.Companies = orEmpty(companies[n.key])
		n.Contacts = orEmpty(contacts[n.key])
		n.ActionItems = orEmpty(actionItems[n.key])
		n.Signals = orEmpty(signals[n.key])
		if n.ownerKey != nil {
			if u := users[*n.ownerKey]; len(u) > 0 {
				n.Owner = &u[0]
			}
		}
	}
	return nil
}

// The batch queries below are those of db/expansions.go, selecting only
// the columns that the response shows.

func (s *server) selectCompanies(ctx context.Context, workspaceID uuid.UUID, keys []uuid.UUID) (map[uuid.UUID][]company, error) {
	return selectGrouped(ctx, s, "companies", `
		SELECT ec.engagement_id, c.id, COALESCE(ec.name, c.name), c.domain
		FROM engagement_companies ec JOIN companies c ON c.id = ec.company_id
		WHERE c.workspace_id = $1 AND ec.engagement_id = ANY($2)
		ORDER BY ec.engagement_id, ec.position`, workspaceID, keys,
		func(rows pgx.Rows) (uuid.UUID, company, error) {
			var key, id uuid.UUID
			var c company
			err := rows.Scan(&key, &id, &c.Name, &c.Domain)
			c.ID = globalid.Encode(globalid.Company, id)
			return key, c, err
		})
}

func (s *server) selectContacts(ctx context.Context, workspaceID uuid.UUID, keys []uuid.UUID) (map[uuid.UUID][]contact, error) {
	return selectGrouped(ctx, s, "contacts", `
		SELECT ec.engagement_id, c.id, ec.name, c.email, ec.phone,
			co.id, COALESCE(ecomp.name, co.name), co.domain
		FROM engagement_contacts ec
		JOIN contacts c ON c.id = ec.contact_id
		LEFT JOIN companies co ON co.id = ec.company_id
		LEFT JOIN engagement_companies ecomp
			ON ecomp.engagement_id = ec.engagement_id AND ecomp.company_id = ec.company_id
		WHERE c.workspace_id = $1 AND ec.engagement_id = ANY($2)
		ORDER BY ec.engagement_id, ec.position`, workspaceID, keys,
		func(rows pgx.Rows) (uuid.UUID, contact, error) {
			var (
				key, id     uuid.UUID
				c           contact
				companyID   *uuid.UUID
				companyName *string
				domain      *string
			)
			err := rows.Scan(&key, &id, &c.Name, &c.Email, &c.Phone, &companyID, &companyName, &domain)
			c.ID = globalid.Encode(globalid.Contact, id)
			if err == nil && companyID != nil {
				c.Company = &company{ID: globalid.Encode(globalid.Company, *companyID), Name: *companyName, Domain: domain}
			}
			return key, c, err
		})
}

func (s *server) selectActionItems(ctx context.Context, workspaceID uuid.UUID, keys []uuid.UUID) (map[uuid.UUID][]actionItem, error) {
	return selectGrouped(ctx, s, "action items", `
		SELECT engagement_id, id, text, assignee_name, assignee_email, due_at, completed, start_ms
		FROM action_items WHERE workspace_id = $1 AND engagement_id = ANY($2)
		ORDER BY engagement_id, position`, workspaceID, keys,
		func(rows pgx.Rows) (uuid.UUID, actionItem, error) {
			var (
				key, id uuid.UUID
				a       actionItem
				dueAt   *time.Time
			)
			err := rows.Scan(&key, &id, &a.Text, &a.AssigneeName, &a.AssigneeEmail, &dueAt, &a.Completed, &a.StartMs)
			a.ID = globalid.Encode(globalid.ActionItem, id)
			a.DueAt = formatTimePtr(dueAt)
			return key, a, err
		})
}

func (s *server) selectSignals(ctx context.Context, workspaceID uuid.UUID, keys []uuid.UUID) (map[uuid.UUID][]signalItem, error) {
	return selectGrouped(ctx, s, "signals", `
		SELECT engagement_id, id, kind, name, text, start_ms, speaker_index, confidence
		FROM signals WHERE workspace_id = $1 AND engagement_id = ANY($2)
		ORDER BY engagement_id, position`, workspaceID, keys,
		func(rows pgx.Rows) (uuid.UUID, signalItem, error) {
			var key, id uuid.UUID
			var sig signalItem
			err := rows.Scan(&key, &id, &sig.Kind, &sig.Name, &sig.Text, &sig.StartMs, &sig.SpeakerIndex, &sig.Confidence)
			sig.ID = globalid.Encode(globalid.Signal, id)
			return key, sig, err
		})
}

// selectUsers groups users by their own ID, so each list holds one user.
func (s *server) selectUsers(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]user, error) {
	return selectGrouped(ctx, s, "users", `
		SELECT id, name, email FROM users WHERE workspace_id = $1 AND id = ANY($2)`, workspaceID, ids,
		func(rows pgx.Rows) (uuid.UUID, user, error) {
			var id uuid.UUID
			var u user
			err := rows.Scan(&id, &u.Name, &u.Email)
			u.ID = globalid.Encode(globalid.User, id)
			return id, u, err
		})
}

// selectGrouped runs query with the workspace and the IDs and groups the
// scanned values by the key that scan returns, in the query's order.
func selectGrouped[T any](
	ctx context.Context, s *server, what, query string, workspaceID uuid.UUID, ids []uuid.UUID,
	scan func(pgx.Rows) (uuid.UUID, T, error),
) (map[uuid.UUID][]T, error) {
	rows, err := s.pool.Query(ctx, query, workspaceID, ids)
	if err != nil {
		return nil, fmt.Errorf("select %s: %w", what, err)
	}
	defer rows.Close()

	groups := make(map[uuid.UUID][]T, len(ids))
	for rows.Next() {
		key, value, err := scan(rows)
		if err != nil {
			return nil, fmt.Errorf("scan %s: %w", what, err)
		}
		groups[key] = append(groups[key], value)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select %s: %w", what, err)
	}
	return groups, nil
}

// decodeTimeline decodes the timeline column of engagement id. A NULL
// column is an empty timeline.
func decodeTimeline(id uuid.UUID, raw []byte) (engagement.Timeline, error) {
	var t engagement.Timeline
	if raw == nil {
		return t, nil
	}
	if err := json.Unmarshal(raw, &t); err != nil {
		return t, fmt.Errorf("decode timeline of engagement %s: %w", id, err)
	}
	return t, nil
}

// toTimeline converts a stored timeline for the response and renders the
// plain transcript as graph/model does: the plain text when one was stored,
// else one "Speaker name: sentences" line per entry, else nil.
func toTimeline(stored engagement.Timeline, plain *string) (timeline, *string) {
	out := timeline{
		Speakers: make([]speaker, len(stored.Speakers)),
		Entries:  make([]entry, len(stored.Entries)),
	}
	for i, sp := range stored.Speakers {
		out.Speakers[i] = speaker{Index: i, Name: sp.Name, Email: sp.Email}
	}

	var transcript strings.Builder
	for i, e := range stored.Entries {
		text := joinSentences(e.Sentences)
		out.Entries[i] = entry{
			SpeakerIndex: e.SpeakerIndex, StartMs: e.StartMs, EndMs: e.EndMs, Text: text,
			Sentences: orEmpty(e.Sentences),
		}
		// An index outside the speakers list gets an unnamed placeholder,
		// as the server's speakerAt does, rather than a crash.
		var sp engagement.Speaker
		if e.SpeakerIndex >= 0 && e.SpeakerIndex < len(stored.Speakers) {
			sp = stored.Speakers[e.SpeakerIndex]
			out.Entries[i].Speaker.Name = sp.Name
		}
		if plain == nil {
			if i > 0 {
				transcript.WriteByte('\n')
			}
			transcript.WriteString(displayName(sp, e.SpeakerIndex))
			transcript.WriteString(": ")
			transcript.WriteString(text)
		}
	}

	switch {
	case plain != nil:
		return out, plain
	case len(stored.Entries) == 0:
		return out, nil
	}
	rendered := transcript.String()
	return out, &rendered
}

func joinSentences(sentences []engagement.Sentence) string {
	var b strings.Builder
	for i, s := range sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Text)
	}
	return b.String()
}

// displayName returns the speaker's name, else their email, else
// "Speaker N" counting from 1.
func displayName(sp engagement.Speaker, index int) string {
	switch {
	case sp.Name != nil && *sp.Name != "":
		return *sp.Name
	case sp.Email != nil && *sp.Email != "":
		return *sp.Email
	default:
		return "Speaker " + strconv.Itoa(index+1)
	}
}

// encodeCursor returns the cursor that resolvers/cursor.go makes: version,
// createdAt in microseconds and the ID, base64url without padding.
func encodeCursor(createdAt time.Time, id uuid.UUID) string {
	raw := "v1:" + strconv.FormatInt(createdAt.UnixMicro(), 10) + ":" + id.String()
	return base64.RawURLEncoding.EncodeToString([]byte(raw))
}

// formatTime writes t as the DateTime scalar does: RFC 3339 in UTC.
func formatTime(t time.Time) string {
	return t.UTC().Format(time.RFC3339Nano)
}

func formatTimePtr(t *time.Time) *string {
	if t == nil {
		return nil
	}
	s := formatTime(*t)
	return &s
}

// orEmpty returns an empty list for nil, because GraphQL lists of the
// schema are never null.
func orEmpty[T any](list []T) []T {
	if list == nil {
		return []T{}
	}
	return list
}
