package db

import (
	"context"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"github.com/google/uuid"
	"github.com/jackc/pgx/v5"

	"engagements/engagement"
)

// engagementColumns lists the columns that scanEngagement reads, in order.
const engagementColumns = `e.id, e.workspace_id, e.type, e.title, e.started_at, e.created_at,
	e.source_system, e.external_id, e.external_url, e.automations_enabled, e.is_private,
	e.owner_id, e.media_source_url, e.transcript, e.timeline, e.media_status, e.media_failure_reason, e.created_by`

// summaryColumns is engagementColumns with NULL in place of the transcript
// and the timeline, for reads that do not return them.
const summaryColumns = `e.id, e.workspace_id, e.type, e.title, e.started_at, e.created_at,
	e.source_system, e.external_id, e.external_url, e.automations_enabled, e.is_private,
	e.owner_id, e.media_source_url, NULL::text, NULL::jsonb, e.media_status, e.media_failure_reason, e.created_by`

func columns(opts engagement.ReadOptions) string {
	if opts.SkipTranscripts {
		return summaryColumns
	}
	return engagementColumns
}

func scanEngagement(row pgx.Row) (*engagement.Engagement, error) {
	var (
		e        engagement.Engagement
		kind     string
		timeline []byte
		media    string
	)
	err := row.Scan(&e.ID, &e.WorkspaceID, &kind, &e.Title, &e.StartedAt, &e.CreatedAt,
		&e.SourceSystem, &e.ExternalID, &e.ExternalURL, &e.AutomationsEnabled, &e.IsPrivate,
		&e.OwnerID, &e.MediaSourceURL, &e.Transcript, &timeline, &media, &e.MediaFailureReason, &e.CreatedBy)
	if err != nil {
		return nil, err
	}
	e.Type = engagement.Type(kind)
	e.MediaStatus = engagement.MediaStatus(media)
	if timeline != nil {
		if err := json.Unmarshal(timeline, &e.Timeline); err != nil {
			return nil, fmt.Errorf("decode timeline of engagement %s: %w", e.ID, err)
		}
	}
	return &e, nil
}

// Engagement implements engagement.Store.
func (s *Store) Engagement(ctx context.Context, v engagement.Viewer, id uuid.UUID, opts engagement.ReadOptions) (*engagement.Engagement, error) {
	query := `SELECT ` + columns(opts) + ` FROM engagements e WHERE ` + visibleEngagement + ` AND e.id = $5`
	e, err := scanEngagement(s.pool.QueryRow(ctx, query, append(viewerArgs(v), id)...))
	if err != nil {
		return nil, fmt.Errorf("select engagement %s: %w", id, notFound(err))
	}
	return e, nil
}

// EngagementIDByExternalID implements engagement.Store.
func (s *Store) EngagementIDByExternalID(ctx context.Context, workspaceID uuid.UUID, externalID string) (uuid.UUID, error) {
	var id uuid.UUID
	err := s.pool.QueryRow(ctx,
		`SELECT id FROM engagements WHERE workspace_id = $1 AND external_id = $2`,
		workspaceID, externalID).Scan(&id)
	if err != nil {
		return uuid.Nil, fmt.Errorf("select engagement by external id: %w", notFound(err))
	}
	return id, nil
}

// Engagements implements engagement.Store.
func (s *Store) Engagements(ctx context.Context, v engagement.Viewer, q engagement.ListQuery) ([]*engagement.Engagement, error) {
	query, args := listQuery(v, q)
	rows, err := s.pool.Query(ctx, query, args...)
	if err != nil {
		return nil, fmt.Errorf("select engagements: %w", err)
	}
	defer rows.Close()

	list := make([]*engagement.Engagement, 0, q.Limit)
	for rows.Next() {
		e, err := scanEngagement(rows)
		if err != nil {
			return nil, fmt.Errorf("scan engagement: %w", err)
		}
		list = append(list, e)
	}
	if err := rows.Err(); err != nil {
		return nil, fmt.Errorf("select engagements: %w", err)
	}
	return list, nil
}

// listQuery builds the page query. The keyset condition on (created_at, id)
// matches the engagements_page_idx index, so a page costs the same at any
// depth.
func listQuery(v engagement.Viewer, q engagement.ListQuery) (string, []any) {
	args := viewerArgs(v)
	arg := func(value any) string {
		args = append(args, value)
		return "$" + strconv.Itoa(len(args))
	}

	var b strings.Builder
	b.WriteString(`SELECT ` + columns(q.ReadOptions) + ` FROM engagements e WHERE ` + visibleEngagement)
	if len(q.Types) > 0 {
		types := make([]string, len(q.Types))
		for i, t := range q.Types {
			types[i] = string(t)
		}
		b.WriteString(` AND e.type = ANY(` + arg(types) + `)`)
	}
	if q.SourceSystem != nil {
		b.WriteString(` AND e.source_system = ` + arg(*q.SourceSystem))
	}
	if q.CreatedAfter != nil {
		b.WriteString(` AND e.created_at >= ` + arg(*q.CreatedAfter))
	}
	if q.CreatedBefore != nil {
		b.WriteString(` AND e.created_at < ` + arg(*q.CreatedBefore))
	}
	if q.After != nil {
		b.WriteString(` AND (e.created_at, e.id) < (` + arg(q.After.CreatedAt) + `, ` + arg(q.After.ID) + `)`)
	}
	b.WriteString(` ORDER BY e.created_at DESC, e.id DESC LIMIT ` + arg(q.Limit))
	return b.String(), args
}
