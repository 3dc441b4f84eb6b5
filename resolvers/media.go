package resolvers

import (
	"context"
	"time"

	"engagements/engagement"
	"engagements/graph/model"
)

// MediaSigner signs links to stored recordings; *signedurl.Signer is one.
type MediaSigner interface {
	URL(id string) (path string, expires time.Time)
}

type baseURLKey struct{}

// WithBaseURL returns a context carrying the scheme and host, such as
// https://api.example.com, that signed media links start with.
func WithBaseURL(ctx context.Context, base string) context.Context {
	return context.WithValue(ctx, baseURLKey{}, base)
}

func baseURL(ctx context.Context) string {
	base, _ := ctx.Value(baseURLKey{}).(string)
	return base
}

// graphEngagement converts e for the schema and, when its recording is
// stored, adds a signed link to it. Callers pass only engagements that the
// viewer may see, so links are only ever made for those.
func (r *Resolver) graphEngagement(ctx context.Context, e *engagement.Engagement) *model.Engagement {
	out := toGraphEngagement(e)
	if e.MediaStatus == engagement.MediaReady && r.Media != nil {
		path, expires := r.Media.URL(out.ID)
		link := baseURL(ctx) + path
		out.MediaURL = &link
		out.MediaURLExpiresAt = &expires
	}
	return out
}
