package ingest

import (
	"context"
	"errors"
	"fmt"
	"testing"

	"engagements/media/fetch"
)

func TestClassifyDecidesRetries(t *testing.T) {
	t.Parallel()
	cases := []struct {
		name      string
		err       error
		reason    string
		permanent bool
	}{
		{"too large", &fetch.Error{Kind: fetch.KindTooLarge, Reason: fetch.ReasonTooLarge}, "too_large", true},
		{"wrong type", &fetch.Error{Kind: fetch.KindNotAudioOrVideo, Reason: fetch.ReasonUnsupportedContentType}, "unsupported_content_type", true},
		{"blocked", &fetch.Error{Kind: fetch.KindUnsafeURL, Reason: fetch.ReasonBlockedAddress}, "blocked_address", true},
		{"expired link", &fetch.Error{Kind: fetch.KindUnreachable, Reason: "http_status_403"}, "http_status_403", true},
		{"gone", &fetch.Error{Kind: fetch.KindUnreachable, Reason: "http_status_404"}, "http_status_404", true},
		{"server error", &fetch.Error{Kind: fetch.KindUnreachable, Reason: "http_status_503"}, "http_status_503", false},
		{"throttled", &fetch.Error{Kind: fetch.KindUnreachable, Reason: "http_status_429"}, "http_status_429", false},
		{"request timeout", &fetch.Error{Kind: fetch.KindUnreachable, Reason: "http_status_408"}, "http_status_408", false},
		{"timeout", &fetch.Error{Kind: fetch.KindUnreachable, Reason: fetch.ReasonFetchTimeout}, "fetch_timeout", false},
		{"connect failed", &fetch.Error{Kind: fetch.KindUnreachable, Reason: fetch.ReasonConnectFailed}, "connect_failed", false},
		{"wrapped", fmt.Errorf("download: %w", &fetch.Error{Kind: fetch.KindTooLarge, Reason: fetch.ReasonTooLarge}), "too_large", true},
		{"deadline", context.DeadlineExceeded, "fetch_timeout", false},
		{"stalled", fmt.Errorf("%w: %w", errDownloadStalled, fmt.Errorf("fetch media: %w", context.Canceled)), "download_stalled", false},
		{"shutdown", fmt.Errorf("fetch media: %w", context.Canceled), "canceled", false},
		{"disk full", errors.New("write: no space left on device"), "internal_error", false},
	}
	for _, c := range cases {
		reason, permanent := classify(c.err)
		if reason != c.reason || permanent != c.permanent {
			t.Errorf("%s: classify = %q, %v; want %q, %v", c.name, reason, permanent, c.reason, c.permanent)
		}
	}
}
