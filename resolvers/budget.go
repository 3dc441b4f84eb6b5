package resolvers

import (
	"context"
	"fmt"
	"sync/atomic"

	"github.com/99designs/gqlgen/graphql"

	"engagements/engagement"
)

// MaxTimelineItems bounds the transcript entries and sentences that one
// request may return, summed over every engagement whose transcriptTimeline
// it selects. The query cost cannot see how long stored timelines are, and
// gqlgen spends about 1 KB of memory per returned field, so without this a
// page of 20 maximal transcripts (120,000 items each) takes gigabytes. The
// largest single engagement that createEngagement accepts fits.
const MaxTimelineItems = 200_000

type budgetKey struct{}

// WithTimelineBudget returns a context that counts the timeline items of
// one request against MaxTimelineItems.
func WithTimelineBudget(ctx context.Context) context.Context {
	return context.WithValue(ctx, budgetKey{}, new(atomic.Int64))
}

// chargeTimelines adds the timeline items of list to the request's count
// when the query selects transcriptTimeline on them, and returns a
// user-facing error once the count passes MaxTimelineItems.
func chargeTimelines(ctx context.Context, selected bool, list ...*engagement.Engagement) error {
	counter, _ := ctx.Value(budgetKey{}).(*atomic.Int64)
	if counter == nil || !selected {
		return nil
	}
	var items int64
	for _, e := range list {
		items += int64(len(e.Timeline.Speakers) + len(e.Timeline.Entries))
		for _, entry := range e.Timeline.Entries {
			items += int64(len(entry.Sentences))
		}
	}
	if total := counter.Add(items); total > MaxTimelineItems {
		return userFacingError(ctx, CodeResponseTooLarge, fmt.Sprintf(
			"the selected transcript timelines hold %d speakers, entries and sentences, over the maximum of %d per request; "+
				"request fewer engagements with first, or leave out transcriptTimeline and page through them one at a time",
			total, MaxTimelineItems))
	}
	return nil
}

// selectsTimeline reports whether the current field, which returns an
// engagement, selects transcriptTimeline, directly or in a fragment.
func selectsTimeline(ctx context.Context) bool {
	for _, f := range graphql.CollectFieldsCtx(ctx, engagementTypes) {
		if f.Name == "transcriptTimeline" {
			return true
		}
	}
	return false
}
