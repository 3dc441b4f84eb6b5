// Package resolvers implements the GraphQL schema on top of the engagement
// domain. Resolvers stay thin: they read the caller from the context,
// convert between GraphQL models and domain types, and call the domain.
package resolvers

import (
	"context"
	"log/slog"

	"engagements/auth"
	"engagements/engagement"
)

// Resolver is the root resolver. Its dependencies are shared by all
// requests and safe for concurrent use.
type Resolver struct {
	Store   engagement.Store
	Service *engagement.Service
	// Media signs links to stored recordings; nil leaves mediaUrl null.
	Media  MediaSigner
	Logger *slog.Logger
}

// viewerFrom returns the domain viewer for the request's principal. The
// auth middleware guarantees that every request reaching a resolver has one.
func viewerFrom(ctx context.Context) engagement.Viewer {
	p := auth.FromContext(ctx)
	if p == nil {
		// Unreachable behind the auth middleware; an empty workspace ID
		// matches no rows, so a wiring mistake fails closed.
		return engagement.Viewer{}
	}
	return engagement.Viewer{
		WorkspaceID:      p.WorkspaceID,
		UserID:           p.UserID,
		UserEmail:        p.UserEmail,
		SeesAllPrivate:   p.Has(auth.ScopePrivateRead),
		CanRead:          p.Has(auth.ScopeRead),
		PrivateByDefault: p.WorkspacePrivateByDefault,
	}
}
