package resolvers

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"
	"github.com/vektah/gqlparser/v2/ast"

	"engagements/engagement"
)

// MaxTimelineItems bounds the transcript speakers, entries and sentences
// that one request may return, counted once per rendering (see
// chargeTimelines). The query cost cannot see how long stored timelines
// are, and gqlgen allocates about 1.4 KB per returned field (28 MB for the
// 20,000 fields of BenchmarkList100FullExpansion), so without this a page of
// 20 maximal transcripts, 120,000 items each, takes gigabytes. The largest
// single engagement that createEngagement accepts fits.
const MaxTimelineItems = 200_000

type budgetKey struct{}

// WithTimelineBudget returns a context that counts the timeline items of
// one request against MaxTimelineItems.
func WithTimelineBudget(ctx context.Context) context.Context {
	return context.WithValue(ctx, budgetKey{}, new(atomic.Int64))
}

// chargeTimelines adds the transcript items of list, once per rendering,
// to the request's count, and returns a user-facing error once the count
// passes MaxTimelineItems. An engagement is rendered once for each
// selection of transcriptTimeline or transcript on it; see renderings.
func chargeTimelines(ctx context.Context, renderings int, list ...*engagement.Engagement) error {
	counter, _ := ctx.Value(budgetKey{}).(*atomic.Int64)
	if counter == nil || renderings == 0 {
		return nil
	}
	var items int64
	for _, e := range list {
		items += transcriptItems(e)
	}
	if total := counter.Add(items * int64(renderings)); total > MaxTimelineItems {
		return userFacingError(ctx, CodeResponseTooLarge, fmt.Sprintf(
			"the selected transcripts hold %d speakers, entries and sentences, over the maximum of %d per request; "+
				"request fewer engagements with first, or leave out transcriptTimeline and transcript and page through them one at a time",
			total, MaxTimelineItems))
	}
	return nil
}

// transcriptItems measures an engagement's transcript: its speakers,
// entries and sentences, plus the deprecated plain text at one item per
// 100 characters, which is about what a sentence takes.
func transcriptItems(e *engagement.Engagement) int64 {
	items := int64(len(e.Timeline.Speakers)+len(e.Timeline.Entries)) + int64(len(deref(e.Transcript))/100)
	for _, entry := range e.Timeline.Entries {
		items += int64(len(entry.Sentences))
	}
	return items
}

// renderings counts the selections of transcriptTimeline and transcript in
// sets, the selection sets that each render the same engagements.
func renderings(opCtx *graphql.OperationContext, sets ...ast.SelectionSet) int {
	n := 0
	for _, set := range sets {
		for _, f := range graphql.CollectFields(opCtx, set, engagementTypes) {
			if f.Name == "transcriptTimeline" || f.Name == "transcript" {
				n++
			}
		}
	}
	return n
}

// fieldRenderings counts the renderings in the current field, which returns
// engagements.
func fieldRenderings(ctx context.Context) int {
	return renderings(graphql.GetOperationContext(ctx), graphql.GetFieldContext(ctx).Field.Selections)
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

// payloadRenderings counts the renderings of the engagement in the current
// createEngagement payload.
func payloadRenderings(ctx context.Context) int {
	opCtx := graphql.GetOperationContext(ctx)
	n := 0
	for _, f := range graphql.CollectFieldsCtx(ctx, nil) {
		if f.Name == "engagement" {
			n += renderings(opCtx, f.Selections)
		}
	}
	return n
}
