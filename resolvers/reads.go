package resolvers

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/google/uuid"

	"engagements/engagement"
	"engagements/globalid"
	"engagements/graph/model"
)

// maxPageSize is the largest `first` that engagements accepts.
const maxPageSize = 100

// defaultPageSize applies when a client sends first: null.
const defaultPageSize = 20

// engagement returns one engagement visible to the caller, or nil.
func (r *Resolver) engagement(ctx context.Context, key uuid.UUID) (*model.Engagement, error) {
	e, err := r.Store.Engagement(ctx, viewerFrom(ctx), key, engagement.ReadOptions{SkipTranscripts: fieldRenderings(ctx) == 0})
	if errors.Is(err, engagement.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("read engagement: %w", err)
	}
	if err := chargeTimelines(ctx, fieldRenderings(ctx), e); err != nil {
		return nil, err
	}
	return r.graphEngagement(ctx, e), nil
}

// node fetches the object of type typ with key, or returns
// engagement.ErrNotFound.
func (r *Resolver) node(ctx context.Context, typ globalid.Type, key uuid.UUID) (model.Node, error) {
	v := viewerFrom(ctx)
	switch typ {
	case globalid.Engagement:
		e, err := r.Store.Engagement(ctx, v, key, engagement.ReadOptions{SkipTranscripts: fieldRenderings(ctx) == 0})
		if err != nil {
			return nil, err
		}
		// node(id:) selects transcriptTimeline only inside a fragment on
		// Engagement, which CollectFieldsCtx resolves for this type.
		if err := chargeTimelines(ctx, fieldRenderings(ctx), e); err != nil {
			return nil, err
		}
		return r.graphEngagement(ctx, e), nil
	case globalid.Workspace:
		w, err := r.Store.Workspace(ctx, v, key)
		if err != nil {
			return nil, err
		}
		return toGraphWorkspace(*w), nil
	case globalid.User:
		u, err := r.Store.User(ctx, v, key)
		if err != nil {
			return nil, err
		}
		return toGraphUser(*u), nil
	case globalid.Company:
		c, err := r.Store.Company(ctx, v, key)
		if err != nil {
			return nil, err
		}
		return toGraphCompany(*c), nil
	case globalid.Contact:
		c, err := r.Store.Contact(ctx, v, key)
		if err != nil {
			return nil, err
		}
		return toGraphContact(*c), nil
	case globalid.ActionItem:
		a, err := r.Store.ActionItem(ctx, v, key)
		if err != nil {
			return nil, err
		}
		return toGraphActionItem(*a), nil
	case globalid.Signal:
		s, err := r.Store.Signal(ctx, v, key)
		if err != nil {
			return nil, err
		}
		return toGraphSignal(*s), nil
	}
	return nil, engagement.ErrNotFound
}

// listQueryFrom checks the arguments of engagements and converts them.
func listQueryFrom(ctx context.Context, first *int, after *string, filter *model.EngagementFilter) (engagement.ListQuery, error) {
	q := engagement.ListQuery{Limit: defaultPageSize}
	if first != nil {
		if *first < 0 || *first > maxPageSize {
			return q, userFacingError(ctx, CodeBadUserInput,
				fmt.Sprintf("first is %d but must be between 0 and %d; page through longer lists with after", *first, maxPageSize))
		}
		q.Limit = *first
	}
	if after != nil {
		c, err := decodeCursor(*after)
		if err != nil {
			return q, userFacingError(ctx, CodeBadUserInput,
				"after is not a cursor returned by this API; pass an endCursor or cursor from an earlier page")
		}
		q.After = &c
	}
	if filter != nil {
		for _, t := range filter.Types {
			q.Types = append(q.Types, engagement.Type(t))
		}
		if filter.SourceSystem != nil && !storable(*filter.SourceSystem) {
			return q, userFacingError(ctx, CodeBadUserInput,
				"filter.sourceSystem contains U+0000, which no stored value can contain; remove it")
		}
		q.SourceSystem = filter.SourceSystem
		q.CreatedAfter = filter.CreatedAfter
		q.CreatedBefore = filter.CreatedBefore
	}
	return q, nil
}

// connection builds the page from list, which holds up to pageSize+1
// engagements, and queues the page's expansions in the loaders.
func (r *Resolver) connection(ctx context.Context, list []*engagement.Engagement, pageSize int) (*model.EngagementConnection, error) {
	conn := &model.EngagementConnection{PageInfo: &model.PageInfo{HasNextPage: len(list) > pageSize}}
	if len(list) > pageSize {
		list = list[:pageSize]
	}
	selected := selectedEngagementFields(ctx)
	if err := chargeTimelines(ctx, connectionRenderings(ctx), list...); err != nil {
		return nil, err
	}

	conn.Nodes = make([]*model.Engagement, len(list))
	conn.Edges = make([]*model.EngagementEdge, len(list))
	for i, e := range list {
		node := r.graphEngagement(ctx, e)
		cursor := encodeCursor(engagement.Cursor{CreatedAt: e.CreatedAt, ID: e.ID})
		conn.Nodes[i] = node
		conn.Edges[i] = &model.EngagementEdge{Cursor: cursor, Node: node}
	}
	if len(conn.Edges) > 0 {
		conn.PageInfo.EndCursor = &conn.Edges[len(conn.Edges)-1].Cursor
	}

	prefetch(ctx, conn.Nodes, selected)
	return conn, nil
}

// storable reports whether Postgres can store s: text may not contain
// U+0000.
func storable(s string) bool {
	return !strings.ContainsRune(s, 0)
}
