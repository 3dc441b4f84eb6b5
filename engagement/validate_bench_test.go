package engagement_test

import (
	"testing"

	"engagements/engagement"
)

func BenchmarkValidate200Sentences(b *testing.B) {
	in := validInput()
	in.Timeline = timelineOfSentences(200)
	if problems := engagement.Validate(in, now); problems != nil {
		b.Fatalf("benchmark input is invalid: %+v", problems)
	}

	b.ReportAllocs()
	for b.Loop() {
		engagement.Validate(in, now)
	}
}

// BenchmarkValidateManyProblems measures the cost of counting problems past
// MaxProblems: 20,000 entries with endMs -1, which is 40,000 problems.
func BenchmarkValidateManyProblems(b *testing.B) {
	in := validInput()
	in.Timeline = timelineOfSentences(engagement.MaxEntries)
	for i := range in.Timeline.Entries {
		in.Timeline.Entries[i].EndMs = -1
	}

	b.ReportAllocs()
	for b.Loop() {
		engagement.Validate(in, now)
	}
}
