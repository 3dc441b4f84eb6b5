package engagement_test

import (
	"slices"
	"strings"
	"testing"
	"time"

	"engagements/engagement"
)

// now is the current time for every Validate call in these tests.
var now = time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)

func ptr[T any](v T) *T {
	return &v
}

// validInput returns an input that sets every field and passes Validate.
func validInput() engagement.CreateInput {
	return engagement.CreateInput{
		Type:               engagement.TypeCall,
		Title:              ptr("Discovery call with Acme"),
		StartedAt:          ptr(now.Add(-time.Hour)),
		SourceSystem:       ptr("wavv"),
		ExternalID:         ptr("call-123"),
		AutomationsEnabled: ptr(true),
		MediaURL:           ptr("https://media.example.com/calls/123.mp3"),
		IsPrivate:          ptr(false),
		Timeline:           validTimeline(),
		ExternalURL:        ptr("wavv://call/123"),
		Transcript:         ptr("Hello. Hi, thanks for joining."),
		OwnerEmail:         ptr("owner@example.com"),
		Participants: []engagement.Participant{
			{Name: ptr("Ann Lee"), Email: ptr("ann@acme.example"), CompanyName: ptr("Acme")},
			{Phone: ptr("+1 (555) 010-9999")},
		},
	}
}

// validTimeline returns a timeline of two speakers and two entries with two
// sentences each.
func validTimeline() *engagement.TimelineInput {
	return &engagement.TimelineInput{
		Speakers: []engagement.Speaker{
			{Name: ptr("Owner"), Email: ptr("owner@example.com")},
			{Name: ptr("Ann Lee")},
		},
		Entries: []engagement.Entry{
			{SpeakerIndex: 0, StartMs: 0, EndMs: 2000, Sentences: []engagement.Sentence{
				{Text: "Hello.", StartMs: 0, EndMs: 800},
				{Text: "Can you hear me?", StartMs: 900, EndMs: 2000},
			}},
			{SpeakerIndex: 1, StartMs: 2500, EndMs: 5000, Sentences: []engagement.Sentence{
				{Text: "Hi,", StartMs: 2500, EndMs: 3000},
				{Text: "thanks for joining.", StartMs: 3000, EndMs: 5000},
			}},
		},
	}
}

// timelineOfSentences returns a valid timeline of one speaker and n entries
// of one sentence each.
func timelineOfSentences(n int) *engagement.TimelineInput {
	t := &engagement.TimelineInput{
		Speakers: []engagement.Speaker{{Name: ptr("Owner")}},
		Entries:  make([]engagement.Entry, n),
	}
	for i := range t.Entries {
		start := i * 1000
		t.Entries[i] = engagement.Entry{
			StartMs: start,
			EndMs:   start + 900,
			Sentences: []engagement.Sentence{
				{Text: "This is one sentence of the call.", StartMs: start, EndMs: start + 900},
			},
		}
	}

	return t
}

// requireOne fails the test unless problems is exactly one UserError, with
// the given code at the given field path, and returns it.
func requireOne(t *testing.T, problems []engagement.UserError, code engagement.ErrorCode, field ...string) engagement.UserError {
	t.Helper()

	if len(problems) != 1 {
		t.Fatalf("got %d problems, want 1 with %s at %q: %+v", len(problems), code, field, problems)
	}

	got := problems[0]
	if !slices.Equal(got.Field, field) {
		t.Errorf("field = %q, want %q (message %q)", got.Field, field, got.Message)
	}
	if got.Code != code {
		t.Errorf("code = %s, want %s (message %q)", got.Code, code, got.Message)
	}
	if got.Message == "" {
		t.Error("message is empty")
	}

	return got
}

// requireNone fails the test when problems is not nil.
func requireNone(t *testing.T, problems []engagement.UserError) {
	t.Helper()

	if problems != nil {
		t.Fatalf("got problems, want none: %+v", problems)
	}
}

// requireMessageContains fails the test unless message contains every part.
func requireMessageContains(t *testing.T, message string, parts ...string) {
	t.Helper()

	for _, part := range parts {
		if !strings.Contains(message, part) {
			t.Errorf("message %q does not contain %q", message, part)
		}
	}
}
