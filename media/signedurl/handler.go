package signedurl

import (
	"context"
	"errors"
	"log/slog"
	"net/http"
	"net/url"
	"strconv"
	"time"

	"engagements/media/blob"
)

// Lookup is the source of the store key and Content-Type of each media id.
type Lookup interface {
	// MediaObject returns the blob store key and the Content-Type of the
	// media with the given id, or an error wrapping blob.ErrNotFound when
	// there is none.
	MediaObject(ctx context.Context, id string) (key, contentType string, err error)
}

// maxLoggedIDLen limits how much of an id from a rejected link goes to the
// log, because anyone can send such a link with an id of any length.
const maxLoggedIDLen = 100

// Handler returns the handler for GET and HEAD /media/{id}. Mount it on the
// "/media/" prefix without stripping the prefix.
//
// A missing, malformed, tampered or expired link gets 403 with a plain-text
// body that does not say which check failed. A valid link gets 404 when
// Lookup does not find the media, or when the store has no object for it.
// Otherwise the handler serves the object with http.ServeContent, which
// handles Range and conditional requests. Other methods get 405.
//
// The response carries the Content-Type from Lookup only when it is an audio
// or video type. Any other type becomes application/octet-stream, because
// partners supply the bytes and, for example, text/html served inline from
// this origin would run their scripts here. Cache-Control is private, with a
// max-age that ends at the link's expiry.
//
// Rejected links are logged at info level with the id, never the signature.
// Internal errors are logged at error level and get 500. A nil logger
// discards the log.
func Handler(s *Signer, lookup Lookup, store blob.Store, logger *slog.Logger) http.Handler {
	if logger == nil {
		logger = slog.New(slog.DiscardHandler)
	}

	h := &mediaHandler{signer: s, lookup: lookup, store: store, logger: logger}

	// A GET pattern also matches HEAD.
	mux := http.NewServeMux()
	mux.Handle("GET /media/{id}", h)

	return mux
}

type mediaHandler struct {
	signer *Signer
	lookup Lookup
	store  blob.Store
	logger *slog.Logger
}

func (h *mediaHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	id := r.PathValue("id")

	query := r.URL.Query()
	expiry, err := h.signer.verify(id, onlyValue(query, "expires"), onlyValue(query, "sig"))
	if err != nil {
		h.logger.InfoContext(ctx, "media link rejected", "media_id", truncate(id, maxLoggedIDLen), "err", err)
		writeStatus(w, http.StatusForbidden)
		return
	}

	key, storedType, err := h.lookup.MediaObject(ctx, id)
	if errors.Is(err, blob.ErrNotFound) {
		h.logger.DebugContext(ctx, "media not found", "media_id", id)
		writeStatus(w, http.StatusNotFound)
		return
	}
	if err != nil {
		h.logger.ErrorContext(ctx, "media lookup failed", "media_id", id, "err", err)
		writeStatus(w, http.StatusInternalServerError)
		return
	}

	obj, err := h.store.Open(ctx, key)
	if errors.Is(err, blob.ErrNotFound) {
		// Lookup and store disagree: the record exists but its file is gone.
		h.logger.ErrorContext(ctx, "media object missing from store", "media_id", id, "key", key, "err", err)
		writeStatus(w, http.StatusNotFound)
		return
	}
	if err != nil {
		h.logger.ErrorContext(ctx, "open media object failed", "media_id", id, "key", key, "err", err)
		writeStatus(w, http.StatusInternalServerError)
		return
	}
	defer obj.Close()

	contentType, allowed := servedContentType(storedType)
	if !allowed {
		h.logger.WarnContext(ctx, "media content type replaced with "+octetStream,
			"media_id", id, "content_type", storedType)
	}

	header := w.Header()
	header.Set("Content-Type", contentType)
	header.Set("X-Content-Type-Options", "nosniff")
	header.Set("Content-Disposition", "inline")
	header.Set("Accept-Ranges", "bytes")
	header.Set("Cache-Control", "private, max-age="+strconv.FormatInt(secondsUntil(expiry, h.signer.now()), 10))

	http.ServeContent(w, r, "", obj.ModTime(), obj)
}

// onlyValue returns the value of the query parameter name when it occurs
// exactly once, and "" otherwise. A link with a repeated parameter then
// fails verification instead of depending on which copy is read.
func onlyValue(query url.Values, name string) string {
	values := query[name]
	if len(values) != 1 {
		return ""
	}

	return values[0]
}

// writeStatus sends the status with its standard text as a plain-text body.
func writeStatus(w http.ResponseWriter, status int) {
	http.Error(w, http.StatusText(status), status)
}

// secondsUntil returns the whole seconds from now until t, or 0 when t has
// passed.
func secondsUntil(t, now time.Time) int64 {
	return max(int64(t.Sub(now)/time.Second), 0)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}

	return s[:n] + "..."
}
