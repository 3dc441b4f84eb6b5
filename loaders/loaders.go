// Package loaders batches the expansions of engagements (companies,
// contacts, owner, action items, signals) into one query per kind and
// request. Loaders are created per request and bound to the caller's
// workspace, so nothing is cached across requests or tenants.
package loaders

import (
	"context"
	"time"

	"github.com/google/uuid"
	"github.com/vikstrous/dataloadgen"

	"engagements/engagement"
)

// wait is how long a loader collects keys before it queries. List
// resolvers queue every key of a page at once (see Prefetch), so the wait
// only has to cover loads that arrive from separate goroutines.
const wait = time.Millisecond

// Loaders holds one loader per expansion, for one request.
type Loaders struct {
	Companies   *dataloadgen.Loader[uuid.UUID, []engagement.Company]
	Contacts    *dataloadgen.Loader[uuid.UUID, []engagement.Contact]
	ActionItems *dataloadgen.Loader[uuid.UUID, []engagement.ActionItem]
	Signals     *dataloadgen.Loader[uuid.UUID, []engagement.Signal]
	Users       *dataloadgen.Loader[uuid.UUID, engagement.User]
}

// BatchObserver receives the name and size of each batch a loader sends,
// for metrics.
type BatchObserver func(loader string, size int)

// New returns loaders that read from store within workspaceID only. The
// batch functions ignore everything in their context but cancellation and
// deadlines, since a batch runs with the context of whichever caller came
// first. observe may be nil.
func New(store engagement.Expansions, workspaceID uuid.UUID, observe BatchObserver) *Loaders {
	if observe == nil {
		observe = func(string, int) {}
	}
	return &Loaders{
		Companies:   newListLoader("companies", workspaceID, store.CompaniesByEngagement, observe),
		Contacts:    newListLoader("contacts", workspaceID, store.ContactsByEngagement, observe),
		ActionItems: newListLoader("action_items", workspaceID, store.ActionItemsByEngagement, observe),
		Signals:     newListLoader("signals", workspaceID, store.SignalsByEngagement, observe),
		Users: dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID]engagement.User, error) {
			observe("users", len(ids))
			return store.UsersByID(ctx, workspaceID, ids)
		}, dataloadgen.WithWait(wait)),
	}
}

// newListLoader wraps a batch load whose result omits keys with nothing to
// return, and returns an empty list for those keys instead of an error.
func newListLoader[T any](
	name string,
	workspaceID uuid.UUID,
	load func(context.Context, uuid.UUID, []uuid.UUID) (map[uuid.UUID][]T, error),
	observe BatchObserver,
) *dataloadgen.Loader[uuid.UUID, []T] {
	return dataloadgen.NewMappedLoader(func(ctx context.Context, ids []uuid.UUID) (map[uuid.UUID][]T, error) {
		observe(name, len(ids))
		found, err := load(ctx, workspaceID, ids)
		if err != nil {
			return nil, err
		}
		for _, id := range ids {
			if _, ok := found[id]; !ok {
				found[id] = []T{}
			}
		}
		return found, nil
	}, dataloadgen.WithWait(wait))
}

type contextKey struct{}

// WithLoaders returns a context carrying l.
func WithLoaders(ctx context.Context, l *Loaders) context.Context {
	return context.WithValue(ctx, contextKey{}, l)
}

// FromContext returns the request's loaders, or nil outside a request.
func FromContext(ctx context.Context) *Loaders {
	l, _ := ctx.Value(contextKey{}).(*Loaders)
	return l
}
