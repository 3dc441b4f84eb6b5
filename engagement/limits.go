package engagement

import "time"

// Limits on a CreateInput, enforced by Validate. Lengths in characters count
// Unicode code points, not bytes or user-perceived characters.
const (
	// MaxTitleLength is the maximum length of title, in characters.
	MaxTitleLength = 500

	// MaxSourceSystemLength is the maximum length of sourceSystem, in
	// characters.
	MaxSourceSystemLength = 255

	// MaxExternalIDLength is the maximum length of externalId, in characters.
	// An externalId also needs at least one character that is not whitespace.
	MaxExternalIDLength = 255

	// MinStartedAtUnix is the earliest accepted startedAt, in seconds since
	// the Unix epoch: 1970-01-01T00:00:00Z.
	MinStartedAtUnix = 0

	// MaxStartedAtAhead is how far past the current time startedAt may lie.
	// It allows for clock skew and time zone mistakes on the partner's side.
	MaxStartedAtAhead = 24 * time.Hour

	// MaxURLLength is the maximum length of mediaUrl and of externalUrl, in
	// characters.
	MaxURLLength = 2048

	// MaxTranscriptLength is the maximum length of the deprecated plain-text
	// transcript, in characters.
	MaxTranscriptLength = 900_000

	// MaxTranscriptBytes is the maximum size of the deprecated plain-text
	// transcript in UTF-8 bytes. Text in scripts of two to four bytes per
	// character reaches this limit before MaxTranscriptLength.
	MaxTranscriptBytes = 950_000

	// MaxEmailLength is the maximum length of an email address, in
	// characters. RFC 5321 limits an SMTP path to 256 octets including the
	// two angle brackets, which leaves 254 for an ASCII address.
	MaxEmailLength = 254

	// MaxParticipants is the maximum number of participants.
	MaxParticipants = 200

	// MaxNameLength is the maximum length of a participant's name or
	// companyName and of a timeline speaker's name, in characters.
	MaxNameLength = 255

	// MaxPhoneLength is the maximum length of a participant's phone, in
	// characters.
	MaxPhoneLength = 32

	// MinPhoneDigits is the minimum number of digits in a participant's phone.
	MinPhoneDigits = 3

	// MaxSpeakers is the maximum number of speakers in transcriptTimeline.
	MaxSpeakers = 100

	// MaxEntries is the maximum number of entries in transcriptTimeline.
	MaxEntries = 20_000

	// MaxSentencesPerEntry is the maximum number of sentences in one entry.
	MaxSentencesPerEntry = 1_000

	// MaxSentences is the maximum number of sentences in transcriptTimeline,
	// summed over all entries.
	MaxSentences = 100_000

	// MaxSentenceTextLength is the maximum length of one sentence's text, in
	// characters.
	MaxSentenceTextLength = 10_000

	// MaxTimelineTextLength is the maximum length of all sentence texts in
	// transcriptTimeline together, in characters.
	MaxTimelineTextLength = 900_000

	// MaxOffsetMs is the maximum startMs and endMs of an entry or sentence:
	// 604,800,000 milliseconds, which is 7 days.
	MaxOffsetMs = 604_800_000

	// MaxProblems is the maximum number of problems Validate reports one by
	// one. When there are more, it adds one final problem that gives the
	// total.
	MaxProblems = 100
)
