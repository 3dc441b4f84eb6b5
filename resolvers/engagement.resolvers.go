package resolvers

import (
	"context"
	"errors"
	"fmt"

	"github.com/vikstrous/dataloadgen"

	"engagements/graph"
	"engagements/graph/model"
	"engagements/loaders"
)

// Companies is the resolver for the companies field.
func (r *engagementResolver) Companies(ctx context.Context, obj *model.Engagement) ([]*model.Company, error) {
	list, err := loaders.FromContext(ctx).Companies.Load(ctx, obj.Key)
	if err != nil {
		return nil, fmt.Errorf("load companies of engagement %s: %w", obj.Key, err)
	}
	return convertList(list, toGraphCompany), nil
}

// Contacts is the resolver for the contacts field.
func (r *engagementResolver) Contacts(ctx context.Context, obj *model.Engagement) ([]*model.Contact, error) {
	list, err := loaders.FromContext(ctx).Contacts.Load(ctx, obj.Key)
	if err != nil {
		return nil, fmt.Errorf("load contacts of engagement %s: %w", obj.Key, err)
	}
	return convertList(list, toGraphContact), nil
}

// Owner is the resolver for the owner field.
func (r *engagementResolver) Owner(ctx context.Context, obj *model.Engagement) (*model.User, error) {
	if obj.OwnerKey == nil {
		return nil, nil
	}
	user, err := loaders.FromContext(ctx).Users.Load(ctx, *obj.OwnerKey)
	if errors.Is(err, dataloadgen.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, fmt.Errorf("load owner of engagement %s: %w", obj.Key, err)
	}
	return toGraphUser(user), nil
}

// ActionItems is the resolver for the actionItems field.
func (r *engagementResolver) ActionItems(ctx context.Context, obj *model.Engagement) ([]*model.ActionItem, error) {
	list, err := loaders.FromContext(ctx).ActionItems.Load(ctx, obj.Key)
	if err != nil {
		return nil, fmt.Errorf("load action items of engagement %s: %w", obj.Key, err)
	}
	return convertList(list, toGraphActionItem), nil
}

// Signals is the resolver for the signals field.
func (r *engagementResolver) Signals(ctx context.Context, obj *model.Engagement) ([]*model.Signal, error) {
	list, err := loaders.FromContext(ctx).Signals.Load(ctx, obj.Key)
	if err != nil {
		return nil, fmt.Errorf("load signals of engagement %s: %w", obj.Key, err)
	}
	return convertList(list, toGraphSignal), nil
}

// Engagement returns graph.EngagementResolver implementation.
func (r *Resolver) Engagement() graph.EngagementResolver { return &engagementResolver{r} }

type engagementResolver struct{ *Resolver }
