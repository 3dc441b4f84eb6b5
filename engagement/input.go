package engagement

import "time"

// CreateInput is a request to create an engagement, as the API received it.
// Nil pointers are fields the caller left out.
type CreateInput struct {
	Type               Type
	Title              *string
	StartedAt          *time.Time
	SourceSystem       *string
	ExternalID         *string
	AutomationsEnabled *bool
	MediaURL           *string
	IsPrivate          *bool
	Timeline           *TimelineInput
	ExternalURL        *string
	Transcript         *string
	OwnerEmail         *string
	Participants       []Participant
}

// TimelineInput is a transcript timeline as the caller sent it. Unlike
// Timeline it is not yet known to be valid.
type TimelineInput struct {
	Speakers []Speaker
	Entries  []Entry
}

// Participant is a person on an engagement as the caller described them.
type Participant struct {
	Name        *string
	Email       *string
	Phone       *string
	CompanyName *string
}

// ErrorCode classifies a UserError so that clients can react without
// parsing the message.
type ErrorCode string

// The user error codes. They match the UserErrorCode enum of the API.
const (
	CodeRequired             ErrorCode = "REQUIRED"
	CodeInvalid              ErrorCode = "INVALID"
	CodeNotSupported         ErrorCode = "NOT_SUPPORTED"
	CodeTooLong              ErrorCode = "TOO_LONG"
	CodeOutOfRange           ErrorCode = "OUT_OF_RANGE"
	CodeUnsafeURL            ErrorCode = "UNSAFE_URL"
	CodeMediaUnreachable     ErrorCode = "MEDIA_UNREACHABLE"
	CodeMediaNotAudioOrVideo ErrorCode = "MEDIA_NOT_AUDIO_OR_VIDEO"
	CodeAlreadyExists        ErrorCode = "ALREADY_EXISTS"
)

// UserError is one problem with a CreateInput. Field is the path inside the
// input, with list positions as decimal strings, for example
// ["transcriptTimeline", "entries", "3", "sentences", "0", "endMs"].
type UserError struct {
	Field   []string
	Message string
	Code    ErrorCode
}
