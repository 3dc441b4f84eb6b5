package engagement

import "context"

// MediaStatus is the state of the server's own copy of an engagement's
// recording.
type MediaStatus string

// The media states. An engagement created with a mediaUrl starts PENDING;
// the ingest worker moves it to READY or FAILED.
const (
	MediaNone    MediaStatus = "NONE"
	MediaPending MediaStatus = "PENDING"
	MediaReady   MediaStatus = "READY"
	MediaFailed  MediaStatus = "FAILED"
)

// MediaChecker verifies a partner's media URL while a create runs: that it
// is safe to fetch, reachable, and audio or video.
type MediaChecker interface {
	// CheckMedia returns nil when url can be ingested, or the problem to
	// report on ["mediaUrl"]. It returns an error only for failures that
	// are not the URL's fault, such as a cancelled context.
	CheckMedia(ctx context.Context, url string) (*UserError, error)
}
