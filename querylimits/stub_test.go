package querylimits_test

import (
	"context"
	"time"

	"github.com/google/uuid"

	"engagements/graph"
	"engagements/graph/model"
)

// stubResolver returns fixed data, so the tests exercise the GraphQL layer
// without a database.
type stubResolver struct{}

func (stubResolver) Engagement() graph.EngagementResolver { return stubEngagement{} }
func (stubResolver) Mutation() graph.MutationResolver     { return stubMutation{} }
func (stubResolver) Query() graph.QueryResolver           { return stubQuery{} }

type stubQuery struct{}

func (stubQuery) Node(context.Context, string) (model.Node, error) { return stubEngagementValue(), nil }

func (stubQuery) Engagement(context.Context, string) (*model.Engagement, error) {
	return stubEngagementValue(), nil
}

func (stubQuery) EngagementByExternalID(context.Context, string) (*model.Engagement, error) {
	return stubEngagementValue(), nil
}

func (stubQuery) Engagements(_ context.Context, first *int, _ *string, _ *model.EngagementFilter) (*model.EngagementConnection, error) {
	// Like the real resolver, return at most 100 engagements, so that a
	// test of a large page size builds no large response.
	n := 20
	if first != nil {
		n = min(max(*first, 0), 100)
	}

	conn := &model.EngagementConnection{PageInfo: &model.PageInfo{}}
	for range n {
		e := stubEngagementValue()
		conn.Nodes = append(conn.Nodes, e)
		conn.Edges = append(conn.Edges, &model.EngagementEdge{Cursor: "c", Node: e})
	}
	return conn, nil
}

func (stubQuery) Viewer(context.Context) (*model.Viewer, error) {
	return &model.Viewer{
		Workspace: &model.Workspace{ID: "w", Slug: "acme", Name: "Acme"},
		User:      &model.User{ID: "u", Email: "ann@example.com"},
		Scopes:    []string{"engagements:read"},
	}, nil
}

type stubMutation struct{}

func (stubMutation) CreateEngagement(context.Context, model.CreateEngagementInput) (*model.CreateEngagementPayload, error) {
	return &model.CreateEngagementPayload{Engagement: stubEngagementValue(), Created: true}, nil
}

type stubEngagement struct{}

func (stubEngagement) Companies(context.Context, *model.Engagement) ([]*model.Company, error) {
	return []*model.Company{{ID: "c", Name: "Globex"}}, nil
}

func (stubEngagement) Contacts(context.Context, *model.Engagement) ([]*model.Contact, error) {
	return []*model.Contact{{ID: "p"}}, nil
}

func (stubEngagement) Owner(context.Context, *model.Engagement) (*model.User, error) {
	return &model.User{ID: "u", Email: "ann@example.com"}, nil
}

func (stubEngagement) ActionItems(context.Context, *model.Engagement) ([]*model.ActionItem, error) {
	return []*model.ActionItem{{ID: "a", Text: "send the quote"}}, nil
}

func (stubEngagement) Signals(context.Context, *model.Engagement) ([]*model.Signal, error) {
	return []*model.Signal{{ID: "s", Kind: "topic", Name: "pricing"}}, nil
}

func stubEngagementValue() *model.Engagement {
	speaker := &model.TranscriptSpeaker{Index: 0}
	return &model.Engagement{
		ID:        "e",
		Key:       uuid.Nil,
		Type:      model.EngagementTypeCall,
		CreatedAt: time.Date(2026, 3, 14, 9, 26, 53, 0, time.UTC),
		TranscriptTimeline: &model.TranscriptTimeline{
			Speakers: []*model.TranscriptSpeaker{speaker},
			Entries: []*model.TranscriptEntry{{
				Speaker:   speaker,
				EndMs:     1000,
				Sentences: []*model.TranscriptSentence{{Text: "Hello.", EndMs: 1000}},
			}},
		},
	}
}
