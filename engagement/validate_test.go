package engagement_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"engagements/engagement"
)

func TestValidateAcceptsValidInput(t *testing.T) {
	t.Parallel()

	requireNone(t, engagement.Validate(validInput(), now))
}

func TestValidateAcceptsMinimalInput(t *testing.T) {
	t.Parallel()

	in := engagement.CreateInput{
		Type:     engagement.TypeMeeting,
		MediaURL: ptr("https://media.example.com/m.mp4"),
	}
	requireNone(t, engagement.Validate(in, now))
}

func TestValidateType(t *testing.T) {
	t.Parallel()

	tests := []struct {
		typ  engagement.Type
		code engagement.ErrorCode // empty when accepted
	}{
		{engagement.TypeCall, ""},
		{engagement.TypeMeeting, ""},
		{engagement.TypeEmail, engagement.CodeNotSupported},
		{engagement.TypeChat, engagement.CodeNotSupported},
		{"call", engagement.CodeInvalid},
		{"", engagement.CodeInvalid},
		{"FAX", engagement.CodeInvalid},
		{"CALL ", engagement.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.typ), func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Type = tt.typ
			problems := engagement.Validate(in, now)
			if tt.code == "" {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, tt.code, "type")
		})
	}
}

func TestValidateTextLimits(t *testing.T) {
	t.Parallel()

	tests := []struct {
		field string
		max   int
		set   func(*engagement.CreateInput, string)
	}{
		{"title", engagement.MaxTitleLength, func(in *engagement.CreateInput, s string) { in.Title = &s }},
		{"sourceSystem", engagement.MaxSourceSystemLength, func(in *engagement.CreateInput, s string) { in.SourceSystem = &s }},
		{"externalId", engagement.MaxExternalIDLength, func(in *engagement.CreateInput, s string) { in.ExternalID = &s }},
	}
	for _, tt := range tests {
		t.Run(tt.field, func(t *testing.T) {
			t.Parallel()

			// "é" is two bytes, so the limit must count characters.
			in := validInput()
			tt.set(&in, strings.Repeat("é", tt.max))
			requireNone(t, engagement.Validate(in, now))

			in = validInput()
			tt.set(&in, strings.Repeat("a", tt.max+1))
			got := requireOne(t, engagement.Validate(in, now), engagement.CodeTooLong, tt.field)
			requireMessageContains(t, got.Message, fmt.Sprint(tt.max+1), fmt.Sprint(tt.max))
		})
	}
}

func TestValidateExternalID(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name string
		id   string
		code engagement.ErrorCode // empty when accepted
	}{
		{"one character", "x", ""},
		{"kept with spaces", " call-1 ", ""},
		{"mixed case", "Call-ABC", ""},
		{"empty", "", engagement.CodeInvalid},
		{"space", " ", engagement.CodeInvalid},
		{"whitespace", " \t\n\u00a0\u3000", engagement.CodeInvalid},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.ExternalID = &tt.id
			problems := engagement.Validate(in, now)
			if tt.code == "" {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, tt.code, "externalId")
		})
	}
}

func TestValidateExternalIDEmptyMessage(t *testing.T) {
	t.Parallel()

	in := validInput()
	in.ExternalID = ptr("")
	got := requireOne(t, engagement.Validate(in, now), engagement.CodeInvalid, "externalId")
	requireMessageContains(t, got.Message, "must be 1 to 255 characters")
}

func TestValidateStartedAt(t *testing.T) {
	t.Parallel()

	epoch := time.Unix(0, 0).UTC()
	tests := []struct {
		name    string
		at      time.Time
		invalid bool
	}{
		{"epoch", epoch, false},
		{"epoch in other zone", epoch.In(time.FixedZone("UTC+2", 2*60*60)), false},
		{"before epoch", epoch.Add(-time.Nanosecond), true},
		{"year one", time.Time{}, true},
		{"now", now, false},
		{"24 hours ahead", now.Add(24 * time.Hour), false},
		{"over 24 hours ahead", now.Add(24*time.Hour + time.Nanosecond), true},
		{"year 3000", time.Date(3000, 1, 1, 0, 0, 0, 0, time.UTC), true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.StartedAt = &tt.at
			problems := engagement.Validate(in, now)
			if !tt.invalid {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, engagement.CodeOutOfRange, "startedAt")
		})
	}
}

func TestValidateMediaURLRequired(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name     string
		mediaURL *string
		timeline *engagement.TimelineInput
		required bool
	}{
		{"absent", nil, nil, true},
		{"empty", ptr(""), nil, true},
		{"absent with empty timeline", nil, &engagement.TimelineInput{}, true},
		{"absent with timeline entries", nil, validTimeline(), false},
		{"empty with timeline entries", ptr(""), validTimeline(), false},
		{"present without timeline", ptr("https://media.example.com/a.mp3"), nil, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.MediaURL = tt.mediaURL
			in.Timeline = tt.timeline
			problems := engagement.Validate(in, now)
			if !tt.required {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, engagement.CodeRequired, "mediaUrl")
		})
	}
}

func TestValidateURLFields(t *testing.T) {
	t.Parallel()

	in := validInput()
	in.MediaURL = ptr("http://media.example.com/a.mp3")
	requireOne(t, engagement.Validate(in, now), engagement.CodeUnsafeURL, "mediaUrl")

	in = validInput()
	in.ExternalURL = ptr("javascript:alert(1)")
	requireOne(t, engagement.Validate(in, now), engagement.CodeUnsafeURL, "externalUrl")
}

func TestValidateTranscript(t *testing.T) {
	t.Parallel()

	// "語" is 3 bytes and "😀" is 4 bytes in UTF-8.
	const maxChars, maxBytes = engagement.MaxTranscriptLength, engagement.MaxTranscriptBytes
	tests := []struct {
		name       string
		transcript string
		limit      string // empty when accepted
	}{
		{"ASCII at character limit", strings.Repeat("a", maxChars), ""},
		{"ASCII over character limit", strings.Repeat("a", maxChars+1), "characters"},
		{"CJK at byte limit", strings.Repeat("語", maxBytes/3), ""},
		{"CJK over byte limit", strings.Repeat("語", maxBytes/3+1), "bytes"},
		{"emoji over byte limit", strings.Repeat("😀", maxBytes/4+1), "bytes"},
		{"CJK over both limits", strings.Repeat("語", maxChars+1), "characters"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Transcript = &tt.transcript
			problems := engagement.Validate(in, now)
			if tt.limit == "" {
				requireNone(t, problems)
				return
			}

			got := requireOne(t, problems, engagement.CodeTooLong, "transcript")
			measured := len(tt.transcript)
			if tt.limit == "characters" {
				measured = len([]rune(tt.transcript))
			}
			requireMessageContains(t, got.Message, tt.limit, fmt.Sprint(measured))
		})
	}
}

func TestValidateOwnerEmail(t *testing.T) {
	t.Parallel()

	tests := []struct {
		email string
		code  engagement.ErrorCode // empty when accepted
	}{
		{"owner@example.com", ""},
		{"Owner.Name+tag@Example.COM", ""},
		{"", engagement.CodeInvalid},
		{"owner", engagement.CodeInvalid},
		{"owner@", engagement.CodeInvalid},
		{"Owner <owner@example.com>", engagement.CodeInvalid},
		{"<owner@example.com>", engagement.CodeInvalid},
		{" owner@example.com", engagement.CodeInvalid},
		{"owner@example.com ", engagement.CodeInvalid},
		{"owner@example.com (Owner)", engagement.CodeInvalid},
		{`"owner"@example.com`, engagement.CodeInvalid},
		{"a@b.com, c@d.com", engagement.CodeInvalid},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 185) + ".com", ""},
		{strings.Repeat("a", 64) + "@" + strings.Repeat("b", 186) + ".com", engagement.CodeTooLong},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%.40q", tt.email), func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.OwnerEmail = &tt.email
			problems := engagement.Validate(in, now)
			if tt.code == "" {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, tt.code, "ownerEmail")
		})
	}
}

// TestValidateUnstorableStrings puts a NUL character or invalid UTF-8 into
// each string field, next to a second problem with the same field that must
// not be reported.
func TestValidateUnstorableStrings(t *testing.T) {
	t.Parallel()

	long := strings.Repeat("x", 20_000)
	tests := []struct {
		name  string
		field []string
		set   func(in *engagement.CreateInput, s string)
	}{
		{"type", []string{"type"}, func(in *engagement.CreateInput, s string) { in.Type = engagement.Type(s) }},
		{"title", []string{"title"}, func(in *engagement.CreateInput, s string) { in.Title = ptr(long + s) }},
		{"sourceSystem", []string{"sourceSystem"}, func(in *engagement.CreateInput, s string) { in.SourceSystem = ptr(long + s) }},
		{"externalId", []string{"externalId"}, func(in *engagement.CreateInput, s string) { in.ExternalID = ptr(long + s) }},
		{"mediaUrl", []string{"mediaUrl"}, func(in *engagement.CreateInput, s string) { in.MediaURL = ptr("http://x/" + s) }},
		{"externalUrl", []string{"externalUrl"}, func(in *engagement.CreateInput, s string) { in.ExternalURL = ptr("javascript:" + s) }},
		{"transcript", []string{"transcript"}, func(in *engagement.CreateInput, s string) { in.Transcript = ptr("Hello " + s) }},
		{"ownerEmail", []string{"ownerEmail"}, func(in *engagement.CreateInput, s string) { in.OwnerEmail = ptr("a" + s + "@example.com") }},
		{"participant name", []string{"participants", "1", "name"}, func(in *engagement.CreateInput, s string) { in.Participants[1].Name = ptr(long + s) }},
		{"participant email", []string{"participants", "0", "email"}, func(in *engagement.CreateInput, s string) { in.Participants[0].Email = ptr(s) }},
		{"participant phone", []string{"participants", "1", "phone"}, func(in *engagement.CreateInput, s string) { in.Participants[1].Phone = ptr("555" + s) }},
		{"participant companyName", []string{"participants", "0", "companyName"}, func(in *engagement.CreateInput, s string) { in.Participants[0].CompanyName = ptr(long + s) }},
		{"speaker name", []string{"transcriptTimeline", "speakers", "1", "name"}, func(in *engagement.CreateInput, s string) { in.Timeline.Speakers[1].Name = ptr(long + s) }},
		{"speaker email", []string{"transcriptTimeline", "speakers", "0", "email"}, func(in *engagement.CreateInput, s string) { in.Timeline.Speakers[0].Email = ptr("<" + s) }},
		{"sentence text", []string{"transcriptTimeline", "entries", "1", "sentences", "0", "text"}, func(in *engagement.CreateInput, s string) { in.Timeline.Entries[1].Sentences[0].Text = long + s }},
	}
	for _, tt := range tests {
		t.Run(tt.name+" NUL", func(t *testing.T) {
			t.Parallel()

			in := validInput()
			tt.set(&in, "\x00")
			got := requireOne(t, engagement.Validate(in, now), engagement.CodeInvalid, tt.field...)
			requireMessageContains(t, got.Message, "NUL character (U+0000)", "cannot be stored")
		})
		t.Run(tt.name+" invalid UTF-8", func(t *testing.T) {
			t.Parallel()

			in := validInput()
			tt.set(&in, "\xff")
			got := requireOne(t, engagement.Validate(in, now), engagement.CodeInvalid, tt.field...)
			requireMessageContains(t, got.Message, "UTF-8", "cannot be stored")
		})
	}
}

func TestValidateReportsEveryProblem(t *testing.T) {
	t.Parallel()

	in := validInput()
	in.Type = "FAX"
	in.Title = ptr(strings.Repeat("t", engagement.MaxTitleLength+1))
	in.MediaURL = ptr("ftp://media.example.com/a.mp3")
	in.Timeline.Entries[0].Sentences[1].EndMs = engagement.MaxOffsetMs + 1
	in.ExternalURL = ptr("data:text/html,hi")
	in.OwnerEmail = ptr("nobody")
	in.Participants[1].Phone = ptr("12")

	var got [][]string
	for _, p := range engagement.Validate(in, now) {
		got = append(got, p.Field)
	}
	want := [][]string{
		{"type"},
		{"title"},
		{"mediaUrl"},
		{"transcriptTimeline", "entries", "0", "sentences", "1", "endMs"},
		{"externalUrl"},
		{"ownerEmail"},
		{"participants", "1", "phone"},
	}
	if !slices.EqualFunc(got, want, slices.Equal) {
		t.Errorf("fields = %q, want %q", got, want)
	}
}

func TestValidateSentenceEndMessage(t *testing.T) {
	t.Parallel()

	in := validInput()
	in.Timeline.Entries[0].Sentences[1].EndMs = 700_000_000
	got := requireOne(t, engagement.Validate(in, now), engagement.CodeOutOfRange,
		"transcriptTimeline", "entries", "0", "sentences", "1", "endMs")
	if want := "endMs 700000000 is above the maximum of 604800000 (7 days)"; got.Message != want {
		t.Errorf("message = %q, want %q", got.Message, want)
	}
}

func TestValidateProblemLimit(t *testing.T) {
	t.Parallel()

	tests := []struct {
		problems int
		summary  string // empty when every problem is listed
	}{
		{engagement.MaxProblems, ""},
		{engagement.MaxProblems + 1, "too many problems: showing the first 100 of 101"},
		{150, "too many problems: showing the first 100 of 150"},
		{engagement.MaxParticipants, "too many problems: showing the first 100 of 200"},
		// One more for the list being too long.
		{engagement.MaxParticipants + 1, "too many problems: showing the first 100 of 202"},
	}
	for _, tt := range tests {
		// Participants without contact details count through one path of
		// the code, and invalid phones through another.
		without := make([]engagement.Participant, tt.problems)
		badPhones := make([]engagement.Participant, tt.problems)
		for i := range badPhones {
			badPhones[i] = engagement.Participant{Name: ptr("Ann"), Phone: ptr("12")}
		}
		for name, participants := range map[string][]engagement.Participant{
			"no contact": without,
			"bad phone":  badPhones,
		} {
			t.Run(fmt.Sprint(name, " ", tt.problems), func(t *testing.T) {
				t.Parallel()
				checkProblemLimit(t, participants, tt.problems, tt.summary)
			})
		}
	}
}

func checkProblemLimit(t *testing.T, participants []engagement.Participant, count int, summary string) {
	t.Helper()

	in := validInput()
	in.Participants = participants
	problems := engagement.Validate(in, now)

	if summary == "" {
		if len(problems) != count {
			t.Fatalf("got %d problems, want %d", len(problems), count)
		}
		return
	}

	if len(problems) != engagement.MaxProblems+1 {
		t.Fatalf("got %d problems, want %d", len(problems), engagement.MaxProblems+1)
	}
	last := problems[engagement.MaxProblems]
	if last.Field == nil || len(last.Field) != 0 {
		t.Errorf("summary field = %#v, want an empty, non-nil path", last.Field)
	}
	if last.Code != engagement.CodeInvalid {
		t.Errorf("summary code = %s, want %s", last.Code, engagement.CodeInvalid)
	}
	if last.Message != summary {
		t.Errorf("summary message = %q, want %q", last.Message, summary)
	}
}

// TestValidateAllocationsConstant checks that a longer valid timeline costs
// no extra allocations, so that the cost of checking valid input grows only
// with the time spent reading it.
func TestValidateAllocationsConstant(t *testing.T) {
	in := validInput()
	in.Timeline = timelineOfSentences(1)
	one := testing.AllocsPerRun(20, func() { engagement.Validate(in, now) })

	in.Timeline = timelineOfSentences(200)
	many := testing.AllocsPerRun(20, func() { engagement.Validate(in, now) })

	if many != one {
		t.Errorf("allocations: %v with 200 sentences, %v with 1, want equal", many, one)
	}
}
