package querylimits

import (
	"engagements/graph"
	"engagements/graph/model"
)

// Costs of the fields that do more than copy a value. The unit is one plain
// field: gqlgen charges 1 plus the children's cost for every field that has
// no function here.
const (
	// queryCost is a field that runs its own database query or a share of a
	// dataloader batch.
	queryCost = 10
	// mutationCost is createEngagement, which writes several tables in a
	// transaction and may start a media download.
	mutationCost = 100
	// defaultPageSize is the default of engagements(first:) in the schema.
	defaultPageSize = 20
)

// Assumed lengths of the lists that have no page size. The schema bounds
// none of them except the timeline input limits, so these are estimates of
// a typical engagement, not maximums.
//
// TODO: these lengths are guesses; an engagement with a long transcript
// costs far more to render than its estimate, so measure real data and adjust.
const (
	assumedCompanies   = 5
	assumedContacts    = 10
	assumedActionItems = 10
	assumedSignals     = 20
	assumedSpeakers    = 5
	assumedEntries     = 50
	assumedSentences   = 5
)

// Complexity returns the cost functions for graph.Config.Complexity.
// engagements(first:) costs one query plus first (20 when omitted, 0 when
// negative) times its selection. The other lists cost their assumed length
// times their selection. Fields that query the database (engagement,
// engagementByExternalId, node, viewer and the Engagement expansions
// companies, contacts, owner, actionItems and signals) cost 10 per query on
// top of that. Every other field costs 1 plus its selection.
func Complexity() graph.ComplexityRoot {
	var c graph.ComplexityRoot

	c.Query.Engagements = func(child int, first *int, _ *string, _ *model.EngagementFilter) int {
		return saturatingAdd(queryCost, saturatingMul(pageSize(first), child))
	}
	c.Query.Engagement = func(child int, _ string) int { return queryCost + child }
	c.Query.EngagementByExternalID = func(child int, _ string) int { return queryCost + child }
	c.Query.Node = func(child int, _ string) int { return queryCost + child }
	// viewer reads the workspace and the user in two queries.
	c.Query.Viewer = func(child int) int { return 2*queryCost + child }

	c.Mutation.CreateEngagement = func(child int, _ model.CreateEngagementInput) int {
		return saturatingAdd(mutationCost, child)
	}

	c.Engagement.Companies = listCost(queryCost, assumedCompanies)
	c.Engagement.Contacts = listCost(queryCost, assumedContacts)
	c.Engagement.ActionItems = listCost(queryCost, assumedActionItems)
	c.Engagement.Signals = listCost(queryCost, assumedSignals)
	c.Engagement.Owner = func(child int) int { return saturatingAdd(queryCost, child) }

	// The timeline is a column of the engagement row: its lists cost no
	// query, only the values they render.
	c.TranscriptTimeline.Speakers = listCost(1, assumedSpeakers)
	c.TranscriptTimeline.Entries = listCost(1, assumedEntries)
	c.TranscriptEntry.Sentences = listCost(1, assumedSentences)
	return c
}

// listCost returns a cost function for a list of about n elements whose
// fetch costs base.
func listCost(base, n int) func(child int) int {
	return func(child int) int {
		return saturatingAdd(base, saturatingMul(n, child))
	}
}

// pageSize returns the number of engagements requested by first.
// Values over the resolver's maximum are costed as given, so the complexity
// limit rejects them before the resolver does.
func pageSize(first *int) int {
	if first == nil {
		return defaultPageSize
	}
	return max(*first, 0)
}
