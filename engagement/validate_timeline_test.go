package engagement_test

import (
	"slices"
	"strconv"
	"strings"
	"testing"

	"engagements/engagement"
)

const maxMs = engagement.MaxOffsetMs

func TestTimelineRules(t *testing.T) {
	t.Parallel()

	entry := func(tl *engagement.TimelineInput) *engagement.Entry { return &tl.Entries[1] }
	sentence := func(tl *engagement.TimelineInput) *engagement.Sentence { return &tl.Entries[1].Sentences[0] }

	tests := []struct {
		name   string
		change func(*engagement.TimelineInput)
		code   engagement.ErrorCode // empty when accepted
		field  []string             // after "transcriptTimeline"
	}{
		{"valid", func(*engagement.TimelineInput) {}, "", nil},

		{"speaker name at limit", func(tl *engagement.TimelineInput) {
			tl.Speakers[1].Name = ptr(strings.Repeat("é", engagement.MaxNameLength))
		}, "", nil},
		{"speaker name too long", func(tl *engagement.TimelineInput) {
			tl.Speakers[1].Name = ptr(strings.Repeat("a", engagement.MaxNameLength+1))
		}, engagement.CodeTooLong, []string{"speakers", "1", "name"}},
		{"speaker email invalid", func(tl *engagement.TimelineInput) {
			tl.Speakers[0].Email = ptr("Owner <owner@example.com>")
		}, engagement.CodeInvalid, []string{"speakers", "0", "email"}},
		{"speaker email too long", func(tl *engagement.TimelineInput) {
			tl.Speakers[0].Email = ptr(strings.Repeat("a", 250) + "@b.com")
		}, engagement.CodeTooLong, []string{"speakers", "0", "email"}},
		{"speaker without name or email", func(tl *engagement.TimelineInput) {
			tl.Speakers[1] = engagement.Speaker{}
		}, "", nil},

		{"speakerIndex negative", func(tl *engagement.TimelineInput) {
			entry(tl).SpeakerIndex = -1
		}, engagement.CodeOutOfRange, []string{"entries", "1", "speakerIndex"}},
		{"speakerIndex past speakers", func(tl *engagement.TimelineInput) {
			entry(tl).SpeakerIndex = 2
		}, engagement.CodeOutOfRange, []string{"entries", "1", "speakerIndex"}},

		{"entry startMs negative", func(tl *engagement.TimelineInput) {
			entry(tl).StartMs = -1
		}, engagement.CodeOutOfRange, []string{"entries", "1", "startMs"}},
		{"entry endMs at maximum", func(tl *engagement.TimelineInput) {
			entry(tl).EndMs = maxMs
		}, "", nil},
		{"entry endMs above maximum", func(tl *engagement.TimelineInput) {
			entry(tl).EndMs = maxMs + 1
		}, engagement.CodeOutOfRange, []string{"entries", "1", "endMs"}},
		{"entry of zero length", func(tl *engagement.TimelineInput) {
			e := entry(tl)
			e.StartMs, e.EndMs = 2500, 2500
			e.Sentences = e.Sentences[:1]
			e.Sentences[0].StartMs, e.Sentences[0].EndMs = 2500, 2500
		}, "", nil},
		{"entry without sentences", func(tl *engagement.TimelineInput) {
			entry(tl).Sentences = nil
		}, engagement.CodeRequired, []string{"entries", "1", "sentences"}},

		{"sentence startMs negative", func(tl *engagement.TimelineInput) {
			sentence(tl).StartMs = -5
		}, engagement.CodeOutOfRange, []string{"entries", "1", "sentences", "0", "startMs"}},
		{"sentence endMs above maximum", func(tl *engagement.TimelineInput) {
			entry(tl).EndMs = maxMs
			tl.Entries[1].Sentences[1].EndMs = maxMs + 1
		}, engagement.CodeOutOfRange, []string{"entries", "1", "sentences", "1", "endMs"}},
		{"sentence endMs before startMs", func(tl *engagement.TimelineInput) {
			sentence(tl).EndMs = 2999
			sentence(tl).StartMs = 3000
		}, engagement.CodeOutOfRange, []string{"entries", "1", "sentences", "0", "endMs"}},
		{"sentence starts before entry", func(tl *engagement.TimelineInput) {
			sentence(tl).StartMs = 2499
		}, engagement.CodeOutOfRange, []string{"entries", "1", "sentences", "0", "startMs"}},
		{"sentence ends after entry", func(tl *engagement.TimelineInput) {
			tl.Entries[1].Sentences[1].EndMs = 5001
		}, engagement.CodeOutOfRange, []string{"entries", "1", "sentences", "1", "endMs"}},
		{"sentence fills entry", func(tl *engagement.TimelineInput) {
			sentence(tl).EndMs = 5000
			tl.Entries[1].Sentences[1].StartMs = 2500
		}, "", nil},
		{"sentence text empty", func(tl *engagement.TimelineInput) {
			sentence(tl).Text = ""
		}, engagement.CodeRequired, []string{"entries", "1", "sentences", "0", "text"}},
		{"sentence text blank", func(tl *engagement.TimelineInput) {
			sentence(tl).Text = " \t\n\u00a0"
		}, engagement.CodeRequired, []string{"entries", "1", "sentences", "0", "text"}},
		{"sentence text at limit", func(tl *engagement.TimelineInput) {
			sentence(tl).Text = strings.Repeat("é", engagement.MaxSentenceTextLength)
		}, "", nil},
		{"sentence text too long", func(tl *engagement.TimelineInput) {
			sentence(tl).Text = strings.Repeat("a", engagement.MaxSentenceTextLength+1)
		}, engagement.CodeTooLong, []string{"entries", "1", "sentences", "0", "text"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			tt.change(in.Timeline)
			problems := engagement.Validate(in, now)
			if tt.code == "" {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, tt.code, append([]string{"transcriptTimeline"}, tt.field...)...)
		})
	}
}

// TestTimelineEntrySpan covers broken entry offsets. The sentences inside
// such an entry cannot all be valid, so each case lists every problem.
func TestTimelineEntrySpan(t *testing.T) {
	t.Parallel()

	entryField := func(name string) []string {
		return []string{"transcriptTimeline", "entries", "0", name}
	}
	sentenceField := func(name string) []string {
		return []string{"transcriptTimeline", "entries", "0", "sentences", "0", name}
	}

	tests := []struct {
		name                 string
		entryStart, entryEnd int
		start, end           int
		want                 [][]string
	}{
		{"startMs above maximum", maxMs + 1, maxMs, maxMs, maxMs,
			[][]string{entryField("startMs"), sentenceField("startMs")}},
		{"endMs negative", 0, -1, 0, 0,
			[][]string{entryField("endMs"), sentenceField("endMs")}},
		{"endMs before startMs", 2500, 2499, 2499, 2499,
			[][]string{entryField("endMs"), sentenceField("startMs")}},
		{"both out of range", -1, maxMs + 1, 0, maxMs,
			[][]string{entryField("startMs"), entryField("endMs")}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Timeline.Entries = []engagement.Entry{{
				StartMs:   tt.entryStart,
				EndMs:     tt.entryEnd,
				Sentences: []engagement.Sentence{{Text: "Hello.", StartMs: tt.start, EndMs: tt.end}},
			}}
			problems := engagement.Validate(in, now)

			if len(problems) != len(tt.want) {
				t.Fatalf("got %d problems, want %d: %+v", len(problems), len(tt.want), problems)
			}
			for i, p := range problems {
				if !slices.Equal(p.Field, tt.want[i]) {
					t.Errorf("problem %d field = %q, want %q", i, p.Field, tt.want[i])
				}
				if p.Code != engagement.CodeOutOfRange {
					t.Errorf("problem %d code = %s, want %s", i, p.Code, engagement.CodeOutOfRange)
				}
			}
		})
	}
}

func TestTimelineSpeakerIndexWithoutSpeakers(t *testing.T) {
	t.Parallel()

	in := validInput()
	in.Timeline.Speakers = nil
	problems := engagement.Validate(in, now)

	if len(problems) != 2 {
		t.Fatalf("got %d problems, want 2: %+v", len(problems), problems)
	}
	for i, p := range problems {
		want := []string{"transcriptTimeline", "entries", strconv.Itoa(i), "speakerIndex"}
		if !slices.Equal(p.Field, want) {
			t.Errorf("problem %d field = %q, want %q", i, p.Field, want)
		}
		if p.Code != engagement.CodeOutOfRange {
			t.Errorf("problem %d code = %s, want %s", i, p.Code, engagement.CodeOutOfRange)
		}
	}
}

func TestTimelineListLimits(t *testing.T) {
	t.Parallel()

	sentencesOf := func(n int) []engagement.Sentence {
		s := make([]engagement.Sentence, n)
		for i := range s {
			s[i] = engagement.Sentence{Text: "Yes.", StartMs: 0, EndMs: 10}
		}
		return s
	}
	entriesOf := func(n, sentences int) []engagement.Entry {
		e := make([]engagement.Entry, n)
		for i := range e {
			e[i] = engagement.Entry{StartMs: 0, EndMs: 10, Sentences: sentencesOf(sentences)}
		}
		return e
	}
	// textEntries returns entries of one sentence each whose texts add up to
	// total copies of char.
	textEntries := func(char string, total int) []engagement.Entry {
		const perSentence = engagement.MaxSentenceTextLength
		var e []engagement.Entry
		for total > 0 {
			n := min(total, perSentence)
			total -= n
			e = append(e, engagement.Entry{StartMs: 0, EndMs: 10, Sentences: []engagement.Sentence{
				{Text: strings.Repeat(char, n), StartMs: 0, EndMs: 10},
			}})
		}
		return e
	}

	tests := []struct {
		name     string
		speakers int
		entries  []engagement.Entry
		field    []string // nil when accepted
	}{
		{"speakers at limit", engagement.MaxSpeakers, entriesOf(1, 1), nil},
		{"too many speakers", engagement.MaxSpeakers + 1, entriesOf(1, 1),
			[]string{"transcriptTimeline", "speakers"}},
		{"entries at limit", 1, entriesOf(engagement.MaxEntries, 1), nil},
		{"too many entries", 1, entriesOf(engagement.MaxEntries+1, 1),
			[]string{"transcriptTimeline", "entries"}},
		{"sentences per entry at limit", 1, entriesOf(1, engagement.MaxSentencesPerEntry), nil},
		{"too many sentences in entry", 1, entriesOf(1, engagement.MaxSentencesPerEntry+1),
			[]string{"transcriptTimeline", "entries", "0", "sentences"}},
		{"sentences at limit", 1, entriesOf(100, engagement.MaxSentences/100), nil},
		{"too many sentences", 1,
			append(entriesOf(100, engagement.MaxSentences/100), entriesOf(1, 1)...),
			[]string{"transcriptTimeline"}},
		// "é" is two bytes, so this text is over the limit in bytes but not
		// in characters.
		{"text at limit", 1, textEntries("é", engagement.MaxTimelineTextLength), nil},
		{"too much text", 1, textEntries("a", engagement.MaxTimelineTextLength+1),
			[]string{"transcriptTimeline"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Timeline = &engagement.TimelineInput{
				Speakers: make([]engagement.Speaker, tt.speakers),
				Entries:  tt.entries,
			}
			problems := engagement.Validate(in, now)
			if tt.field == nil {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, engagement.CodeTooLong, tt.field...)
		})
	}
}
