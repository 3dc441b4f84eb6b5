package querylimits_test

import (
	"math"
	"testing"

	"engagements/graph/model"
	"engagements/querylimits"
)

func ptr(n int) *int { return &n }

func TestComplexityEngagementsPage(t *testing.T) {
	t.Parallel()
	page := querylimits.Complexity().Query.Engagements

	tests := []struct {
		name  string
		first *int
		child int
		want  int
	}{
		{name: "default page of 20", first: nil, child: 3, want: 10 + 20*3},
		{name: "first multiplies", first: ptr(100), child: 3, want: 10 + 100*3},
		{name: "empty page", first: ptr(0), child: 3, want: 10},
		{name: "negative first", first: ptr(-5), child: 3, want: 10},
		{name: "overflow saturates", first: ptr(math.MaxInt / 2), child: 3, want: math.MaxInt},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			if got := page(tt.child, tt.first, nil, (*model.EngagementFilter)(nil)); got != tt.want {
				t.Errorf("engagements cost = %d, want %d", got, tt.want)
			}
		})
	}
}

func TestComplexityExpansions(t *testing.T) {
	t.Parallel()
	c := querylimits.Complexity()

	// A plain column has no function and costs gqlgen's default of 1, so
	// each expansion that queries the database must cost more than the
	// 1+child of a plain object field.
	const child = 3
	expansions := map[string]func(int) int{
		"companies":   c.Engagement.Companies,
		"contacts":    c.Engagement.Contacts,
		"owner":       c.Engagement.Owner,
		"actionItems": c.Engagement.ActionItems,
		"signals":     c.Engagement.Signals,
	}
	for name, cost := range expansions {
		if cost == nil {
			t.Errorf("Engagement.%s has no cost function", name)
			continue
		}
		if got := cost(child); got < 10+child {
			t.Errorf("Engagement.%s costs %d, want at least %d", name, got, 10+child)
		}
	}

	lists := map[string]func(int) int{
		"companies":   c.Engagement.Companies,
		"contacts":    c.Engagement.Contacts,
		"actionItems": c.Engagement.ActionItems,
		"signals":     c.Engagement.Signals,
		"speakers":    c.TranscriptTimeline.Speakers,
		"entries":     c.TranscriptTimeline.Entries,
		"sentences":   c.TranscriptEntry.Sentences,
	}
	for name, cost := range lists {
		if cost == nil {
			t.Errorf("%s has no cost function", name)
			continue
		}
		if got1, got2 := cost(1), cost(2); got2-got1 < 2 {
			t.Errorf("%s does not multiply its children: cost(1) = %d, cost(2) = %d", name, got1, got2)
		}
	}
}
