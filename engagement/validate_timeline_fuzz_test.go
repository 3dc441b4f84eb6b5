package engagement_test

import (
	"errors"
	"fmt"
	"math"
	"net/mail"
	"strings"
	"testing"
	"unicode/utf8"

	"engagements/engagement"
)

// FuzzValidateTimeline builds a timeline from the fuzz bytes and checks that
// Validate accepts it exactly when the timeline rules, restated here
// independently, hold.
func FuzzValidateTimeline(f *testing.F) {
	// The layout of the bytes is in decodeTimeline. These seeds decode to
	// valid timelines, which the fuzzer then breaks in small steps.
	f.Add([]byte{
		1,       // one speaker
		1, 2, 1, // named "Hello.", email ann@example.com
		2,               // two entries
		1, 0, 5, 100, 2, // speaker 0, 0 to 1000 ms, two sentences
		2, 0, 5, 50, // "Hello.", 0 to 500 ms
		2, 5, 50, 5, 100, // "Hello.", 500 to 1000 ms
		1, 5, 100, 5, 200, 1, // speaker 0, 1000 to 2000 ms, one sentence
		7, 8, 'H', 'i', ' ', 't', 'h', 'e', 'r', 'e', 5, 100, 5, 200, // "Hi there"
	})
	f.Add([]byte{
		2,    // two speakers
		0, 5, // no name, no email
		0, 5, // no name, no email
		1,          // one entry
		2, 0, 2, 1, // speaker 1, the whole 7 days, one sentence
		2, 0, 2, // "Hello.", the whole 7 days
	})
	f.Add([]byte{})
	f.Add([]byte{3, 3, 3, 3, 1, 7, 3, 3, 2, 1, 2, 3, 4, 5, 6, 7, 8, 9})

	mediaURL := "https://media.example.com/a.mp3"
	f.Fuzz(func(t *testing.T, data []byte) {
		timeline := decodeTimeline(data)
		in := engagement.CreateInput{
			Type:     engagement.TypeCall,
			MediaURL: &mediaURL,
			Timeline: timeline,
		}
		problems := engagement.Validate(in, now)
		broken := timelineRuleBroken(timeline)

		if problems == nil && broken != nil {
			t.Fatalf("accepted a timeline that breaks a rule: %v\n%+v", broken, timeline)
		}
		if problems != nil && broken == nil {
			t.Fatalf("rejected a valid timeline: %+v\n%+v", problems, timeline)
		}

		if len(problems) > engagement.MaxProblems+1 {
			t.Fatalf("got %d problems, above the limit", len(problems))
		}
		for _, p := range problems {
			if len(p.Field) > 0 && p.Field[0] != "transcriptTimeline" {
				t.Errorf("problem outside the timeline: %+v", p)
			}
			if p.Code == "" || p.Message == "" {
				t.Errorf("problem without code or message: %+v", p)
			}
		}
	})
}

// timelineRuleBroken returns the first timeline rule that t breaks, or nil.
func timelineRuleBroken(t *engagement.TimelineInput) error {
	if len(t.Speakers) > engagement.MaxSpeakers {
		return errors.New("too many speakers")
	}
	if len(t.Entries) > engagement.MaxEntries {
		return errors.New("too many entries")
	}

	for i, s := range t.Speakers {
		if s.Name != nil && !isStorableText(*s.Name, engagement.MaxNameLength) {
			return fmt.Errorf("speaker %d: invalid name", i)
		}
		if s.Email != nil && !isBareEmail(*s.Email) {
			return fmt.Errorf("speaker %d: invalid email", i)
		}
	}

	sentences, textLength := 0, 0
	for i, e := range t.Entries {
		if e.SpeakerIndex < 0 || e.SpeakerIndex >= len(t.Speakers) {
			return fmt.Errorf("entry %d: speakerIndex out of range", i)
		}
		if !(0 <= e.StartMs && e.StartMs <= e.EndMs && e.EndMs <= engagement.MaxOffsetMs) {
			return fmt.Errorf("entry %d: offsets out of order or range", i)
		}
		if len(e.Sentences) == 0 || len(e.Sentences) > engagement.MaxSentencesPerEntry {
			return fmt.Errorf("entry %d: no sentences or too many", i)
		}

		for j, s := range e.Sentences {
			if !isStorableText(s.Text, engagement.MaxSentenceTextLength) ||
				strings.TrimSpace(s.Text) == "" {
				return fmt.Errorf("entry %d sentence %d: invalid text", i, j)
			}
			if !(0 <= s.StartMs && s.StartMs <= s.EndMs && s.EndMs <= engagement.MaxOffsetMs) {
				return fmt.Errorf("entry %d sentence %d: offsets out of order or range", i, j)
			}
			if s.StartMs < e.StartMs || s.EndMs > e.EndMs {
				return fmt.Errorf("entry %d sentence %d: outside its entry", i, j)
			}
			textLength += utf8.RuneCountInString(s.Text)
		}
		sentences += len(e.Sentences)
	}

	if sentences > engagement.MaxSentences {
		return errors.New("too many sentences")
	}
	if textLength > engagement.MaxTimelineTextLength {
		return errors.New("too much text")
	}

	return nil
}

func isStorableText(s string, maxLength int) bool {
	return utf8.ValidString(s) && !strings.Contains(s, "\x00") &&
		utf8.RuneCountInString(s) <= maxLength
}

func isBareEmail(s string) bool {
	addr, err := mail.ParseAddress(s)
	return err == nil && addr.Name == "" && addr.Address == s &&
		!strings.Contains(s, "\x00") && utf8.RuneCountInString(s) <= engagement.MaxEmailLength
}

// fuzzReader decodes values from fuzz bytes, and returns zeros once the
// bytes run out.
type fuzzReader struct {
	data []byte
}

func (r *fuzzReader) byte() byte {
	if len(r.data) == 0 {
		return 0
	}

	b := r.data[0]
	r.data = r.data[1:]

	return b
}

// offset returns mostly small offsets, which give the fuzzer a fair chance
// of valid spans, and sometimes values at and around the limits.
func (r *fuzzReader) offset() int {
	switch r.byte() % 8 {
	case 0:
		return 0
	case 1:
		return -1
	case 2:
		return engagement.MaxOffsetMs
	case 3:
		return engagement.MaxOffsetMs + 1
	case 4:
		return math.MinInt
	default:
		return int(r.byte()) * 10
	}
}

func (r *fuzzReader) text() string {
	switch r.byte() % 8 {
	case 0:
		return ""
	case 1:
		return " \t"
	case 2:
		return "Hello."
	case 3:
		return "a\x00b"
	case 4:
		// Half the limit, or one character over it.
		half := engagement.MaxSentenceTextLength / 2
		return strings.Repeat("é", half+int(r.byte()%2)*(half+1))
	default:
		n := int(r.byte() % 16)
		n = min(n, len(r.data))
		s := string(r.data[:n])
		r.data = r.data[n:]
		return s
	}
}

func (r *fuzzReader) optionalText() *string {
	if r.byte()%2 == 0 {
		return nil
	}

	s := r.text()

	return &s
}

func (r *fuzzReader) email() *string {
	emails := []string{"", "ann@example.com", "Ann <ann@example.com>", " ann@example.com", "a\x00@b.c"}
	i := int(r.byte()) % (len(emails) + 1)
	if i == len(emails) {
		return nil
	}

	return &emails[i]
}

// decodeTimeline builds a timeline from data, in this order: the speaker
// count, then per speaker an optional name and an email; the entry count,
// then per entry the speakerIndex, startMs, endMs and sentence count, and
// per sentence its text, startMs and endMs. fuzzReader decodes each value.
func decodeTimeline(data []byte) *engagement.TimelineInput {
	r := &fuzzReader{data: data}
	t := &engagement.TimelineInput{}

	for range r.byte() % 4 {
		t.Speakers = append(t.Speakers, engagement.Speaker{Name: r.optionalText(), Email: r.email()})
	}

	for range r.byte() % 5 {
		e := engagement.Entry{
			SpeakerIndex: int(r.byte()%5) - 1,
			StartMs:      r.offset(),
			EndMs:        r.offset(),
		}
		for range r.byte() % 4 {
			e.Sentences = append(e.Sentences, engagement.Sentence{
				Text:    r.text(),
				StartMs: r.offset(),
				EndMs:   r.offset(),
			})
		}
		t.Entries = append(t.Entries, e)
	}

	return t
}
