package engagement

import (
	"fmt"
	"strings"
	"time"
	"unicode/utf8"
)

// Validate checks in against every input rule and returns all problems
// found, or nil when in is valid. now is the current time, which bounds
// startedAt.
//
// Problems come in the order of the input fields: type, title, startedAt,
// sourceSystem, externalId, mediaUrl, transcriptTimeline, externalUrl,
// transcript, ownerEmail, participants. Within a list, problems with the
// whole list come before those of its elements, in element order. Each
// field gets at most one problem, except that transcriptTimeline itself can
// be over both MaxSentences and MaxTimelineTextLength. A string that
// contains U+0000 or invalid UTF-8 gets that problem and no other.
//
// At most MaxProblems are returned one by one. When there are more, a final
// UserError with an empty Field and code INVALID gives the total count.
func Validate(in CreateInput, now time.Time) []UserError {
	var l problemList

	if p := checkType(in.Type); p != nil {
		l.addProblem([]string{"type"}, p)
	}

	if in.Title != nil {
		if p := checkText("title", *in.Title, MaxTitleLength); p != nil {
			l.addProblem([]string{"title"}, p)
		}
	}

	if in.StartedAt != nil {
		if p := checkStartedAt(*in.StartedAt, now); p != nil {
			l.addProblem([]string{"startedAt"}, p)
		}
	}

	if in.SourceSystem != nil {
		if p := checkText("sourceSystem", *in.SourceSystem, MaxSourceSystemLength); p != nil {
			l.addProblem([]string{"sourceSystem"}, p)
		}
	}

	if in.ExternalID != nil {
		if p := checkExternalID(*in.ExternalID); p != nil {
			l.addProblem([]string{"externalId"}, p)
		}
	}

	if p := checkMediaURLField(in.MediaURL, in.Timeline); p != nil {
		l.addProblem([]string{"mediaUrl"}, p)
	}

	if in.Timeline != nil {
		l.checkTimeline(in.Timeline)
	}

	if in.ExternalURL != nil {
		if p := checkStorableThen("externalUrl", *in.ExternalURL, CheckExternalURL); p != nil {
			l.addProblem([]string{"externalUrl"}, p)
		}
	}

	if in.Transcript != nil {
		if p := checkTranscript(*in.Transcript); p != nil {
			l.addProblem([]string{"transcript"}, p)
		}
	}

	if in.OwnerEmail != nil {
		if p := checkEmailField("ownerEmail", *in.OwnerEmail); p != nil {
			l.addProblem([]string{"ownerEmail"}, p)
		}
	}

	l.checkParticipants(in.Participants)

	return l.result()
}

// checkType accepts the types that the API can create.
func checkType(t Type) *Problem {
	if p := checkStorable("type", string(t)); p != nil {
		return p
	}

	switch t {
	case TypeCall, TypeMeeting:
		return nil
	case TypeEmail, TypeChat:
		return &Problem{
			Code: CodeNotSupported,
			Message: fmt.Sprintf("type %s cannot be created through the API yet; "+
				"use CALL or MEETING", t),
		}
	default:
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("type %s is not an engagement type; use CALL or MEETING",
				describe(string(t))),
		}
	}
}

// checkStartedAt accepts times from the Unix epoch up to MaxStartedAtAhead
// after now. Later times are almost always a wrong time zone or unit.
func checkStartedAt(t, now time.Time) *Problem {
	earliest := time.Unix(MinStartedAtUnix, 0).UTC()
	if t.Before(earliest) {
		return &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("startedAt %s is before the earliest allowed time, %s",
				t.Format(time.RFC3339Nano), earliest.Format(time.RFC3339)),
		}
	}

	latest := now.Add(MaxStartedAtAhead)
	if t.After(latest) {
		return &Problem{
			Code: CodeOutOfRange,
			Message: fmt.Sprintf("startedAt %s is more than %s after the current time %s; "+
				"check its time zone offset",
				t.Format(time.RFC3339Nano), formatHours(MaxStartedAtAhead),
				now.UTC().Format(time.RFC3339)),
		}
	}

	return nil
}

func formatHours(d time.Duration) string {
	return fmt.Sprintf("%d hours", int(d/time.Hour))
}

// checkExternalID accepts 1 to MaxExternalIDLength characters that are not
// all whitespace. The value is kept exactly as sent, because it is compared
// byte for byte with the partner's later requests.
func checkExternalID(s string) *Problem {
	if p := checkStorable("externalId", s); p != nil {
		return p
	}

	if s == "" {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("externalId \"\" must be 1 to %d characters; "+
				"send the engagement's id in the source system, or leave externalId out",
				MaxExternalIDLength),
		}
	}

	if p := checkMaxLength("externalId", s, MaxExternalIDLength); p != nil {
		return p
	}

	if strings.TrimSpace(s) == "" {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("externalId %s contains only whitespace; "+
				"send the engagement's id in the source system", describe(s)),
		}
	}

	return nil
}

// checkMediaURLField requires a mediaUrl unless the timeline has an entry,
// because an engagement needs a recording or a transcript to show. An empty
// string counts as absent.
func checkMediaURLField(mediaURL *string, timeline *TimelineInput) *Problem {
	if mediaURL == nil || *mediaURL == "" {
		if timeline != nil && len(timeline.Entries) > 0 {
			return nil
		}

		return &Problem{
			Code:    CodeRequired,
			Message: "mediaUrl is required unless transcriptTimeline has at least one entry",
		}
	}

	return checkStorableThen("mediaUrl", *mediaURL, CheckMediaURL)
}

// checkStorableThen returns the storage problem with s, if any, else the
// result of check.
func checkStorableThen(name, s string, check func(string) *Problem) *Problem {
	if p := checkStorable(name, s); p != nil {
		return p
	}

	return check(s)
}

// checkEmailField returns the storage problem with s, if any, else the
// problem with s as an email address.
func checkEmailField(name, s string) *Problem {
	if p := checkStorable(name, s); p != nil {
		return p
	}

	return checkEmail(name, s)
}

// checkTranscript limits the deprecated plain-text transcript both in
// characters and in UTF-8 bytes, and the message names the limit exceeded.
func checkTranscript(s string) *Problem {
	if p := checkText("transcript", s, MaxTranscriptLength); p != nil {
		return p
	}

	if len(s) > MaxTranscriptBytes {
		return &Problem{
			Code: CodeTooLong,
			Message: fmt.Sprintf("transcript is %d bytes long in UTF-8 (%d characters), "+
				"above the maximum of %d bytes",
				len(s), utf8.RuneCountInString(s), MaxTranscriptBytes),
		}
	}

	return nil
}
