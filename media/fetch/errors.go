package fetch

import "strconv"

// Kind is the class of a fetch failure, which a caller maps to the error
// code that clients see.
type Kind int

const (
	// KindUnsafeURL means the URL or one of its redirects is rejected
	// because of its form or its destination address.
	KindUnsafeURL Kind = iota + 1
	// KindUnreachable means the server could not be reached, failed TLS,
	// timed out or returned a status outside 2xx.
	KindUnreachable
	// KindNotAudioOrVideo means the response is not audio/* or video/*.
	KindNotAudioOrVideo
	// KindTooLarge means the body is longer than the limit given to
	// Download.
	KindTooLarge
)

// String returns the kind in upper snake case, such as "UNSAFE_URL".
func (k Kind) String() string {
	switch k {
	case KindUnsafeURL:
		return "UNSAFE_URL"
	case KindUnreachable:
		return "UNREACHABLE"
	case KindNotAudioOrVideo:
		return "NOT_AUDIO_OR_VIDEO"
	case KindTooLarge:
		return "TOO_LARGE"
	}

	return "UNKNOWN"
}

// Error is a fetch failure that the partner who gave the URL can cause and
// fix. Reason is one of the Reason constants or HTTPStatusReason. Message
// is safe to show the partner. It may name the host of the partner's URL or
// of a redirect target, a status code, a timeout or an address class. It
// never names a resolved address, a file path or a system error. Err, when
// set, is the underlying error for logs, and may contain such details.
type Error struct {
	Kind    Kind
	Reason  string
	Message string
	Err     error
}

// Error returns Message, followed by the underlying error when there is one.
func (e *Error) Error() string {
	if e.Err == nil {
		return e.Message
	}

	return e.Message + ": " + e.Err.Error()
}

// Unwrap returns the underlying error, which may be nil.
func (e *Error) Unwrap() error {
	return e.Err
}

// newError returns an *Error with the given fields. Callers build message
// only from values that Error allows in Message.
func newError(kind Kind, reason, message string, err error) *Error {
	return &Error{Kind: kind, Reason: reason, Message: message, Err: err}
}

// quote returns s in Go quoted form, cut to 100 bytes, so that a value taken
// from a URL or a response header cannot make a message long.
func quote(s string) string {
	const limit = 100
	if len(s) > limit {
		return strconv.Quote(s[:limit]) + "..."
	}

	return strconv.Quote(s)
}
