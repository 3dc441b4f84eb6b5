package resolvers

import (
	"context"
	"errors"
	"fmt"

	"engagements/auth"
	"engagements/engagement"
	"engagements/globalid"
	"engagements/graph"
	"engagements/graph/model"
)

// CreateEngagement is the resolver for the createEngagement field.
func (r *mutationResolver) CreateEngagement(ctx context.Context, input model.CreateEngagementInput) (*model.CreateEngagementPayload, error) {
	result, err := r.Service.Create(ctx, viewerFrom(ctx), fromCreateInput(input))
	if errors.Is(err, engagement.ErrKeyInUse) {
		return nil, userFacingError(ctx, CodeIdempotencyKeyInUse,
			"another request with this externalId is still being processed; retry in a few seconds")
	}
	if err != nil {
		return nil, fmt.Errorf("create engagement: %w", err)
	}

	payload := &model.CreateEngagementPayload{
		Created:    result.Created,
		UserErrors: toGraphUserErrors(result.UserErrors),
	}
	if result.Engagement != nil {
		payload.Engagement = toGraphEngagement(result.Engagement)
	}
	return payload, nil
}

// Node is the resolver for the node field.
func (r *queryResolver) Node(ctx context.Context, id string) (model.Node, error) {
	typ, key, err := globalid.Decode(id)
	if err != nil {
		return nil, nil
	}
	node, err := r.node(ctx, typ, key)
	if errors.Is(err, engagement.ErrNotFound) {
		return nil, nil
	}
	return node, err
}

// Engagement is the resolver for the engagement field.
func (r *queryResolver) Engagement(ctx context.Context, id string) (*model.Engagement, error) {
	key, err := globalid.DecodeAs(globalid.Engagement, id)
	if err != nil {
		return nil, nil
	}
	return r.engagement(ctx, key)
}

// EngagementByExternalID is the resolver for the engagementByExternalId field.
func (r *queryResolver) EngagementByExternalID(ctx context.Context, externalID string) (*model.Engagement, error) {
	v := viewerFrom(ctx)
	key, err := r.Store.EngagementIDByExternalID(ctx, v.WorkspaceID, externalID)
	if errors.Is(err, engagement.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("look up external id: %w", err)
	}
	return r.engagement(ctx, key)
}

// Engagements is the resolver for the engagements field.
func (r *queryResolver) Engagements(ctx context.Context, first *int, after *string, filter *model.EngagementFilter) (*model.EngagementConnection, error) {
	q, err := listQueryFrom(ctx, first, after, filter)
	if err != nil {
		return nil, err
	}
	// Ask for one more than the page to learn whether another page follows.
	q.Limit++
	list, err := r.Store.Engagements(ctx, viewerFrom(ctx), q)
	if err != nil {
		return nil, fmt.Errorf("list engagements: %w", err)
	}
	return r.connection(ctx, list, q.Limit-1), nil
}

// Viewer is the resolver for the viewer field.
func (r *queryResolver) Viewer(ctx context.Context) (*model.Viewer, error) {
	p := auth.FromContext(ctx)
	v := viewerFrom(ctx)
	workspace, err := r.Store.Workspace(ctx, v, p.WorkspaceID)
	if err != nil {
		return nil, fmt.Errorf("read viewer workspace: %w", err)
	}
	user, err := r.Store.User(ctx, v, p.UserID)
	if err != nil {
		return nil, fmt.Errorf("read viewer user: %w", err)
	}

	scopes := make([]string, len(p.Scopes))
	for i, s := range p.Scopes {
		scopes[i] = string(s)
	}
	return &model.Viewer{Workspace: toGraphWorkspace(*workspace), User: toGraphUser(*user), Scopes: scopes}, nil
}

// Mutation returns graph.MutationResolver implementation.
func (r *Resolver) Mutation() graph.MutationResolver { return &mutationResolver{r} }

// Query returns graph.QueryResolver implementation.
func (r *Resolver) Query() graph.QueryResolver { return &queryResolver{r} }

type mutationResolver struct{ *Resolver }
type queryResolver struct{ *Resolver }
