package resolvers

import (
	"context"
	"slices"

	"github.com/99designs/gqlgen/graphql"
	"github.com/google/uuid"
	"github.com/vektah/gqlparser/v2/ast"

	"engagements/graph/model"
	"engagements/loaders"
)

// prefetch queues, in one batch per loader, the expansions that the query
// selects on the engagements of a page. Without it each engagement's field
// resolver would add its key from its own goroutine, and keys arriving
// after the loader's wait would cost extra round trips. It does not wait
// for the results.
func prefetch(ctx context.Context, nodes []*model.Engagement, selected map[string]bool) {
	l := loaders.FromContext(ctx)
	if l == nil || len(nodes) == 0 {
		return
	}

	keys := make([]uuid.UUID, len(nodes))
	var owners []uuid.UUID
	for i, n := range nodes {
		keys[i] = n.Key
		if n.OwnerKey != nil && !slices.Contains(owners, *n.OwnerKey) {
			owners = append(owners, *n.OwnerKey)
		}
	}

	if selected["companies"] {
		l.Companies.LoadAllThunk(ctx, keys)
	}
	if selected["contacts"] {
		l.Contacts.LoadAllThunk(ctx, keys)
	}
	if selected["actionItems"] {
		l.ActionItems.LoadAllThunk(ctx, keys)
	}
	if selected["signals"] {
		l.Signals.LoadAllThunk(ctx, keys)
	}
	if selected["owner"] && len(owners) > 0 {
		l.Users.LoadAllThunk(ctx, owners)
	}
}

// selectedEngagementFields returns the names of the fields selected on the
// engagements of the connection being resolved, under nodes and under
// edges.node, through fragments too.
func selectedEngagementFields(ctx context.Context) map[string]bool {
	opCtx := graphql.GetOperationContext(ctx)
	selected := map[string]bool{}
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		switch f.Name {
		case "nodes":
			collectNames(opCtx, f, selected)
		case "edges":
			for _, edge := range graphql.CollectFields(opCtx, f.Selections, nil) {
				if edge.Name == "node" {
					collectNames(opCtx, edge, selected)
				}
			}
		}
	}
	return selected
}

// engagementTypes are the types whose fragments apply to an engagement.
var engagementTypes = []string{"Engagement", "Node"}

// connectionRenderings counts the renderings of a page's engagements under
// nodes and under edges.node.
func connectionRenderings(ctx context.Context) int {
	opCtx := graphql.GetOperationContext(ctx)
	var sets []ast.SelectionSet
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		switch f.Name {
		case "nodes":
			sets = append(sets, f.Selections)
		case "edges":
			for _, edge := range graphql.CollectFields(opCtx, f.Selections, nil) {
				if edge.Name == "node" {
					sets = append(sets, edge.Selections)
				}
			}
		}
	}
	return renderings(opCtx, sets...)
}

func collectNames(opCtx *graphql.OperationContext, f graphql.CollectedField, into map[string]bool) {
	for _, child := range graphql.CollectFields(opCtx, f.Selections, engagementTypes) {
		into[child.Name] = true
	}
}
