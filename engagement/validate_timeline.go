package engagement

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkTimeline adds the problems with a transcript timeline. Limits on the
// whole timeline come first, on ["transcriptTimeline"] or on the list
// concerned, then the problems of each speaker and each entry.
func (l *problemList) checkTimeline(t *TimelineInput) {
	if len(t.Speakers) > MaxSpeakers {
		l.add([]string{"transcriptTimeline", "speakers"}, CodeTooLong,
			"transcriptTimeline has %d speakers, above the maximum of %d",
			len(t.Speakers), MaxSpeakers)
	}

	if len(t.Entries) > MaxEntries {
		l.add([]string{"transcriptTimeline", "entries"}, CodeTooLong,
			"transcriptTimeline has %d entries, above the maximum of %d",
			len(t.Entries), MaxEntries)
	}

	sentences, textBytes := 0, 0
	for i := range t.Entries {
		sentences += len(t.Entries[i].Sentences)
		for j := range t.Entries[i].Sentences {
			textBytes += len(t.Entries[i].Sentences[j].Text)
		}
	}

	if sentences > MaxSentences {
		l.add([]string{"transcriptTimeline"}, CodeTooLong,
			"transcriptTimeline has %d sentences in all entries together, "+
				"above the maximum of %d", sentences, MaxSentences)
	}

	// Text of at most the limit in bytes is also within it in characters,
	// so valid timelines skip counting characters.
	if textBytes > MaxTimelineTextLength {
		if n := timelineTextLength(t); n > MaxTimelineTextLength {
			l.add([]string{"transcriptTimeline"}, CodeTooLong,
				"transcriptTimeline has %d characters of sentence text in all, "+
					"above the maximum of %d", n, MaxTimelineTextLength)
		}
	}

	for i := range t.Speakers {
		l.checkSpeaker(i, &t.Speakers[i])
	}

	for i := range t.Entries {
		l.checkEntry(i, &t.Entries[i], len(t.Speakers))
	}
}

func timelineTextLength(t *TimelineInput) int {
	n := 0
	for i := range t.Entries {
		for j := range t.Entries[i].Sentences {
			n += utf8.RuneCountInString(t.Entries[i].Sentences[j].Text)
		}
	}

	return n
}

func (l *problemList) checkSpeaker(i int, s *Speaker) {
	if s.Name != nil {
		if p := checkText("name", *s.Name, MaxNameLength); p != nil {
			l.addProblem(speakerField(i, "name"), p)
		}
	}

	if s.Email != nil {
		if p := checkEmailField("email", *s.Email); p != nil {
			l.addProblem(speakerField(i, "email"), p)
		}
	}
}

func (l *problemList) checkEntry(i int, e *Entry, speakers int) {
	if p := checkSpeakerIndex(e.SpeakerIndex, speakers); p != nil {
		l.addProblem(entryField(i, "speakerIndex"), p)
	}

	startProblem, endProblem := checkSpan(e.StartMs, e.EndMs)
	if startProblem != nil {
		l.addProblem(entryField(i, "startMs"), startProblem)
	}
	if endProblem != nil {
		l.addProblem(entryField(i, "endMs"), endProblem)
	}

	switch {
	case len(e.Sentences) == 0:
		l.add(entryField(i, "sentences"), CodeRequired,
			"entry %d has no sentences; send at least one", i)
	case len(e.Sentences) > MaxSentencesPerEntry:
		l.add(entryField(i, "sentences"), CodeTooLong,
			"entry %d has %d sentences, above the maximum of %d",
			i, len(e.Sentences), MaxSentencesPerEntry)
	}

	for j := range e.Sentences {
		l.checkSentence(i, j, &e.Sentences[j], e)
	}
}

func (l *problemList) checkSentence(i, j int, s *Sentence, e *Entry) {
	if p := checkSentenceText(s.Text); p != nil {
		l.addProblem(sentenceField(i, j, "text"), p)
	}

	startProblem, endProblem := checkSpan(s.StartMs, s.EndMs)
	if startProblem == nil && s.StartMs < e.StartMs {
		startProblem = &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("startMs %d is before the entry's startMs %d; "+
				"a sentence must lie inside its entry", s.StartMs, e.StartMs),
		}
	}
	if endProblem == nil && s.EndMs > e.EndMs {
		endProblem = &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("endMs %d is after the entry's endMs %d; "+
				"a sentence must lie inside its entry", s.EndMs, e.EndMs),
		}
	}

	if startProblem != nil {
		l.addProblem(sentenceField(i, j, "startMs"), startProblem)
	}
	if endProblem != nil {
		l.addProblem(sentenceField(i, j, "endMs"), endProblem)
	}
}

func checkSpeakerIndex(index, speakers int) *Problem {
	if 0 <= index && index < speakers {
		return nil
	}

	if speakers == 0 {
		return &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("speakerIndex %d names no speaker, because "+
				"transcriptTimeline has no speakers; declare them in speakers", index),
		}
	}

	return &Problem{
		Code: CodeOutOfRange,
		Message: fmt.Sprintf("speakerIndex %d names no speaker; it must be from 0 to %d, "+
			"a position in speakers", index, speakers-1),
	}
}

// checkSpan checks that 0 <= start <= end <= MaxOffsetMs. It returns at most
// one problem for each offset, and reports start > end on end.
func checkSpan(start, end int) (startProblem, endProblem *Problem) {
	startProblem = checkOffset("startMs", start)
	endProblem = checkOffset("endMs", end)

	if startProblem == nil && endProblem == nil && start > end {
		endProblem = &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("endMs %d is before startMs %d; endMs must not be "+
				"less than startMs", end, start),
		}
	}

	return startProblem, endProblem
}

const msPerDay = 24 * 60 * 60 * 1000

func checkOffset(name string, ms int) *Problem {
	switch {
	case ms < 0:
		return &Problem{
			Code:    CodeOutOfRange,
			Message: fmt.Sprintf("%s %d is below the minimum of 0", name, ms),
		}
	case ms > MaxOffsetMs:
		return &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("%s %d is above the maximum of %d (%d days)",
				name, ms, MaxOffsetMs, MaxOffsetMs/msPerDay),
		}
	default:
		return nil
	}
}

// checkSentenceText requires storable, non-blank text of at most
// MaxSentenceTextLength characters.
func checkSentenceText(s string) *Problem {
	if p := checkText("text", s, MaxSentenceTextLength); p != nil {
		return p
	}

	if strings.TrimSpace(s) == "" {
		return &Problem{
			Code:    CodeRequired,
			Message: fmt.Sprintf("text %s is blank; send the words of the sentence", describe(s)),
		}
	}

	return nil
}

func speakerField(i int, name string) []string {
	return []string{"transcriptTimeline", "speakers", strconv.Itoa(i), name}
}

func entryField(i int, name string) []string {
	return []string{"transcriptTimeline", "entries", strconv.Itoa(i), name}
}

func sentenceField(i, j int, name string) []string {
	return []string{
		"transcriptTimeline", "entries", strconv.Itoa(i), "sentences", strconv.Itoa(j), name,
	}
}
