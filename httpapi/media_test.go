package httpapi_test

import (
	"bytes"
	"context"
	"crypto/rand"
	"crypto/x509"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"engagements/db"
	"engagements/globalid"
	"engagements/media/fetch"
)

// mediaServer is a loopback HTTPS server standing in for a partner's
// storage. It counts the requests it gets.
type mediaServer struct {
	*httptest.Server
	requests atomic.Int64
}

func newMediaServer(t *testing.T, handler http.HandlerFunc) *mediaServer {
	t.Helper()
	m := &mediaServer{}
	m.Server = httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		m.requests.Add(1)
		handler(w, r)
	}))
	t.Cleanup(m.Close)
	return m
}

// trustingFetch returns a fetch configuration that trusts m's certificate
// and exempts loopback from the private-address block.
func trustingFetch(m *mediaServer) fetch.Config {
	roots := x509.NewCertPool()
	roots.AddCert(m.Certificate())
	return fetch.Config{
		RootCAs:               roots,
		AllowedCIDRs:          []netip.Prefix{netip.MustParsePrefix("127.0.0.1/32")},
		ResponseHeaderTimeout: 500 * time.Millisecond,
	}
}

func audio(body []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "audio/mpeg")
		http.ServeContent(w, r, "call.mp3", time.Unix(0, 0), bytes.NewReader(body))
	}
}

func mediaInput(url, externalID string) map[string]any {
	in := map[string]any{"type": "CALL", "mediaUrl": url}
	if externalID != "" {
		in["externalId"] = externalID
	}
	return in
}

const readMedia = `query($id: ID!) { engagement(id: $id) { mediaStatus mediaFailureReason mediaUrl mediaUrlExpiresAt } }`

// waitForMedia polls until the engagement's media leaves PENDING, for at
// most 30 seconds, and returns the engagement.
func (s *apiServer) waitForMedia(t testing.TB, token, id string) map[string]any {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		resp := s.do(t, token, readMedia, map[string]any{"id": id})
		e, _ := path(resp.Data, "engagement").(map[string]any)
		if e["mediaStatus"] != "PENDING" || time.Now().After(deadline) {
			return e
		}
		time.Sleep(100 * time.Millisecond)
	}
}

func TestMediaIngestAndSignedURL(t *testing.T) {
	t.Parallel()
	recording := make([]byte, 300_000)
	_, _ = rand.Read(recording)
	partner := newMediaServer(t, audio(recording))
	s := newServerWith(t, serverOptions{media: &mediaOptions{fetch: trustingFetch(partner), startQueue: true}})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	resp := s.do(t, token, `mutation($in: CreateEngagementInput!) { createEngagement(input: $in) {
		created userErrors { code message } engagement { id mediaStatus mediaUrl } } }`,
		map[string]any{"in": mediaInput(partner.URL+"/call.mp3", "media-1")})
	payload := path(resp.Data, "createEngagement")
	if path(payload, "created") != true {
		t.Fatalf("create: %s", resp.Raw)
	}
	if got := path(payload, "engagement", "mediaStatus"); got != "PENDING" {
		t.Errorf("mediaStatus right after create = %v, want PENDING", got)
	}
	if got := path(payload, "engagement", "mediaUrl"); got != nil {
		t.Errorf("mediaUrl before READY = %v, want null", got)
	}
	id := path(payload, "engagement", "id").(string)

	e := s.waitForMedia(t, token, id)
	if e["mediaStatus"] != "READY" {
		t.Fatalf("media = %v, want READY; logs: %s", e, s.logs.String())
	}
	link, _ := e["mediaUrl"].(string)
	if !strings.HasPrefix(link, s.URL+"/media/") {
		t.Fatalf("mediaUrl = %q, want a link under %s/media/", link, s.URL)
	}
	expires, err := time.Parse(time.RFC3339, e["mediaUrlExpiresAt"].(string))
	if err != nil || expires.Before(time.Now().Add(10*time.Minute)) || expires.After(time.Now().Add(16*time.Minute)) {
		t.Errorf("mediaUrlExpiresAt = %v, want about 15 minutes ahead", e["mediaUrlExpiresAt"])
	}

	t.Run("serves the same bytes", func(t *testing.T) {
		body, status, header := get(t, link, "")
		if status != http.StatusOK || !bytes.Equal(body, recording) {
			t.Errorf("status %d, %d bytes; want 200 and the %d recorded bytes", status, len(body), len(recording))
		}
		if ct := header.Get("Content-Type"); ct != "audio/mpeg" {
			t.Errorf("Content-Type = %q, want audio/mpeg", ct)
		}
	})

	t.Run("range request", func(t *testing.T) {
		body, status, _ := get(t, link, "bytes=1000-1999")
		if status != http.StatusPartialContent || !bytes.Equal(body, recording[1000:2000]) {
			t.Errorf("status %d, %d bytes; want 206 and bytes 1000 to 1999", status, len(body))
		}
	})

	t.Run("tampered link", func(t *testing.T) {
		other := globalid.Encode(globalid.Engagement, [16]byte{1})
		for name, bad := range map[string]string{
			"signature": link[:len(link)-2] + "AA",
			"expiry":    strings.Replace(link, "expires=", "expires=9", 1),
			"id":        strings.Replace(link, id, other, 1),
			"unsigned":  s.URL + "/media/" + id,
		} {
			if _, status, _ := get(t, bad, ""); status != http.StatusForbidden {
				t.Errorf("%s: status %d, want 403", name, status)
			}
		}
	})

	t.Run("no bearer token needed but hidden from others", func(t *testing.T) {
		outsider := s.token(t, s.workspace(t, false), "eve@elsewhere.example", allScopes...)
		resp := s.do(t, outsider, readMedia, map[string]any{"id": id})
		if path(resp.Data, "engagement") != nil {
			t.Errorf("another workspace sees the engagement: %s", resp.Raw)
		}
	})
}

func TestMediaRejectedAtCreate(t *testing.T) {
	t.Parallel()
	block := make(chan struct{})
	partner := newMediaServer(t, func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/page.html":
			w.Header().Set("Content-Type", "text/html")
			_, _ = io.WriteString(w, "<html></html>")
		case "/octet":
			w.Header().Set("Content-Type", "application/octet-stream")
		case "/missing":
			http.NotFound(w, r)
		case "/to-http":
			http.Redirect(w, r, "http://127.0.0.1/a.mp3", http.StatusFound)
		case "/to-metadata":
			http.Redirect(w, r, "https://169.254.169.254/latest/meta-data/", http.StatusFound)
		case "/slow":
			<-block
		default:
			audio([]byte("ID3"))(w, r)
		}
	})
	// Registered after the server, so it runs first and frees the blocked
	// handler before the server's Close waits for it.
	t.Cleanup(func() { close(block) })
	s := newServerWith(t, serverOptions{media: &mediaOptions{fetch: trustingFetch(partner)}})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	// Without the loopback exemption every inward destination is blocked,
	// however it is written.
	strict := newServerWith(t, serverOptions{media: &mediaOptions{fetch: fetch.Config{RootCAs: trustingFetch(partner).RootCAs}}})
	strictToken := strict.token(t, strict.workspace(t, false), "ann@ourteam.example", allScopes...)
	host := strings.TrimPrefix(partner.URL, "https://127.0.0.1")

	cases := map[string]struct {
		server     *apiServer
		token      string
		url        string
		code, text string
	}{
		"html":             {s, token, partner.URL + "/page.html", "MEDIA_NOT_AUDIO_OR_VIDEO", "text/html"},
		"octet-stream":     {s, token, partner.URL + "/octet", "MEDIA_NOT_AUDIO_OR_VIDEO", "application/octet-stream"},
		"not found":        {s, token, partner.URL + "/missing", "MEDIA_UNREACHABLE", "404"},
		"redirect to http": {s, token, partner.URL + "/to-http", "UNSAFE_URL", ""},
		"redirect inward":  {s, token, partner.URL + "/to-metadata", "UNSAFE_URL", ""},
		"slow headers":     {s, token, partner.URL + "/slow", "MEDIA_UNREACHABLE", ""},
		"user info":        {s, token, "https://user@127.0.0.1" + host + "/a.mp3", "UNSAFE_URL", ""},
		"loopback literal": {strict, strictToken, partner.URL + "/a.mp3", "UNSAFE_URL", ""},
		"loopback by name": {strict, strictToken, "https://localhost" + host + "/a.mp3", "UNSAFE_URL", ""},
		"decimal loopback": {strict, strictToken, "https://2130706433" + host + "/a.mp3", "UNSAFE_URL", ""},
		"octal loopback":   {strict, strictToken, "https://0177.0.0.1" + host + "/a.mp3", "UNSAFE_URL", ""},
		"hex loopback":     {strict, strictToken, "https://0x7f.0.0.1" + host + "/a.mp3", "UNSAFE_URL", ""},
		"mapped loopback":  {strict, strictToken, "https://[::ffff:127.0.0.1]" + host + "/a.mp3", "UNSAFE_URL", ""},
		"ipv6 loopback":    {strict, strictToken, "https://[::1]" + host + "/a.mp3", "UNSAFE_URL", ""},
		"private literal":  {strict, strictToken, "https://10.0.0.1/a.mp3", "UNSAFE_URL", ""},
		"metadata literal": {strict, strictToken, "https://169.254.169.254/a.mp3", "UNSAFE_URL", ""},
	}
	// The group returns only when its parallel cases have finished.
	t.Run("cases", func(t *testing.T) {
		for name, c := range cases {
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				checkRejected(t, c.server, c.token, c.url, c.code, c.text)
			})
		}
	})
	if n := s.engagementRows(t, w); n != 0 {
		t.Errorf("engagement rows = %d after rejected creates, want 0", n)
	}
}

func checkRejected(t *testing.T, s *apiServer, token, url, code, text string) {
	t.Helper()
	p := s.create(t, token, mediaInput(url, ""))
	errs, _ := p["userErrors"].([]any)
	if len(errs) != 1 || path(errs, 0, "code") != code || path(errs, 0, "field", 0) != "mediaUrl" {
		t.Fatalf("userErrors = %v, want one %s on mediaUrl", errs, code)
	}
	if msg := path(errs, 0, "message").(string); !strings.Contains(msg, text) {
		t.Errorf("message %q does not mention %q", msg, text)
	}
}

func TestMediaRepeatDoesNotFetch(t *testing.T) {
	t.Parallel()
	partner := newMediaServer(t, audio([]byte("ID3 tiny")))
	s := newServerWith(t, serverOptions{media: &mediaOptions{fetch: trustingFetch(partner)}})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	s.mustCreate(t, token, mediaInput(partner.URL+"/a.mp3", "fetch-once"))
	before := partner.requests.Load()
	p := s.create(t, token, mediaInput(partner.URL+"/a.mp3", "fetch-once"))
	if p["created"] != false {
		t.Fatalf("repeat created = %v, want false", p["created"])
	}
	if after := partner.requests.Load(); after != before {
		t.Errorf("partner got %d requests for a repeat, want 0", after-before)
	}
}

func TestMediaTooLargeFails(t *testing.T) {
	t.Parallel()
	partner := newMediaServer(t, audio(make([]byte, 50_000)))
	s := newServerWith(t, serverOptions{media: &mediaOptions{fetch: trustingFetch(partner), maxBytes: 10_000, startQueue: true}})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	id := s.mustCreate(t, token, mediaInput(partner.URL+"/big.mp3", ""))
	e := s.waitForMedia(t, token, id)
	if e["mediaStatus"] != "FAILED" || e["mediaFailureReason"] != "too_large" {
		t.Errorf("media = %v, want FAILED with too_large", e)
	}
	if e["mediaUrl"] != nil {
		t.Errorf("mediaUrl = %v for failed media, want null", e["mediaUrl"])
	}
}

// TestMediaJobSurvivesRestart creates an engagement while no worker runs,
// as when the process stops right after the create, then starts a fresh
// queue on the same database, as the next process would.
func TestMediaJobSurvivesRestart(t *testing.T) {
	t.Parallel()
	recording := []byte("ID3 restart-safe recording")
	partner := newMediaServer(t, audio(recording))
	// Both processes share the media directory, as they would a disk.
	opts := mediaOptions{fetch: trustingFetch(partner), dir: t.TempDir()}
	s := newServerWith(t, serverOptions{media: &opts})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	id := s.mustCreate(t, token, mediaInput(partner.URL+"/a.mp3", ""))
	time.Sleep(300 * time.Millisecond)
	if e := s.waitForMediaOnce(t, token, id); e["mediaStatus"] != "PENDING" {
		t.Fatalf("media before any worker ran = %v, want PENDING", e)
	}

	// The first process is gone; the second one shares only the database.
	logger := slogDiscard()
	restarted := db.NewStore(s.pool)
	opts.startQueue = true
	newPipeline(t, s.pool, restarted, logger, opts, s.queue)

	e := s.waitForMedia(t, token, id)
	if e["mediaStatus"] != "READY" {
		t.Fatalf("media after restart = %v, want READY", e)
	}
	body, status, _ := get(t, e["mediaUrl"].(string), "")
	if status != http.StatusOK || !bytes.Equal(body, recording) {
		t.Errorf("served %d bytes with status %d, want the recording", len(body), status)
	}
}

func (s *apiServer) waitForMediaOnce(t *testing.T, token, id string) map[string]any {
	t.Helper()
	resp := s.do(t, token, readMedia, map[string]any{"id": id})
	e, _ := path(resp.Data, "engagement").(map[string]any)
	return e
}

func get(t *testing.T, url, rangeHeader string) ([]byte, int, http.Header) {
	t.Helper()
	req, _ := http.NewRequestWithContext(context.Background(), http.MethodGet, url, nil)
	if rangeHeader != "" {
		req.Header.Set("Range", rangeHeader)
	}
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("GET %s: %v", url, err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return body, resp.StatusCode, resp.Header
}

// stallingPartner is a media server whose /stall.mp3 sends headers that
// declare 10 bytes, sends 5, and holds the connection until the test ends.
// heldRequests counts the requests it holds. Other paths serve a small
// recording.
func stallingPartner(t *testing.T) (m *mediaServer, heldRequests *atomic.Int64) {
	t.Helper()
	release := make(chan struct{})
	heldRequests = &atomic.Int64{}
	m = newMediaServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != "/stall.mp3" {
			audio([]byte("ID3 good recording"))(w, r)
			return
		}
		w.Header().Set("Content-Type", "audio/mpeg")
		w.Header().Set("Content-Length", "10")
		_, _ = w.Write([]byte("ID3ab"))
		w.(http.Flusher).Flush()
		heldRequests.Add(1)
		<-release
	})
	// Registered after the server, so it runs first and frees the held
	// handlers before the server's Close waits for them.
	t.Cleanup(func() { close(release) })
	return m, heldRequests
}

// jobAttempt is one failed attempt in a River job's errors column.
type jobAttempt struct {
	Attempt int    `json:"attempt"`
	Error   string `json:"error"`
}

// ingestJob returns the state and the failed attempts of the ingest job of
// the engagement with global ID id.
func (s *apiServer) ingestJob(t *testing.T, id string) (state string, attempts []jobAttempt) {
	t.Helper()
	engagementID, err := globalid.DecodeAs(globalid.Engagement, id)
	if err != nil {
		t.Fatalf("decode engagement id %s: %v", id, err)
	}
	var errorsJSON string
	err = s.pool.QueryRow(context.Background(), `
		SELECT state::text, coalesce(array_to_json(errors)::text, '[]')
		FROM river_job WHERE args->>'engagement_id' = $1`, engagementID.String()).Scan(&state, &errorsJSON)
	if err != nil {
		t.Fatalf("select ingest job of %s: %v", id, err)
	}
	if err := json.Unmarshal([]byte(errorsJSON), &attempts); err != nil {
		t.Fatalf("decode job errors %s: %v", errorsJSON, err)
	}
	return state, attempts
}

// waitForJobError polls, for at most 20 seconds, until the engagement's
// ingest job has recorded a failed attempt, and returns its attempts.
func (s *apiServer) waitForJobError(t *testing.T, id string) []jobAttempt {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for {
		_, attempts := s.ingestJob(t, id)
		if len(attempts) > 0 {
			return attempts
		}
		if time.Now().After(deadline) {
			t.Fatalf("ingest job of %s recorded no failed attempt within 20s; logs: %s", id, s.logs.String())
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// waitFor polls cond for at most 20 seconds, and fails the test with a
// message that names what if cond never becomes true.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("%s did not happen within 20s", what)
		}
		time.Sleep(20 * time.Millisecond)
	}
}

func TestMediaStalledHostFreesWorker(t *testing.T) {
	t.Parallel()
	partner, heldRequests := stallingPartner(t)
	// One worker, so the good recording can only be stored once the stalled
	// download has given its slot back.
	s := newServerWith(t, serverOptions{media: &mediaOptions{
		fetch: trustingFetch(partner), idleTimeout: 300 * time.Millisecond, workers: 1, startQueue: true,
	}})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	stalledID := s.mustCreate(t, token, mediaInput(partner.URL+"/stall.mp3", ""))
	attempts := s.waitForJobError(t, stalledID)
	if attempts[0].Attempt != 1 || !strings.Contains(attempts[0].Error, "download_stalled") {
		t.Errorf("first failed attempt = %+v, want attempt 1 with download_stalled", attempts[0])
	}
	if e := s.waitForMediaOnce(t, token, stalledID); e["mediaStatus"] != "PENDING" {
		t.Errorf("stalled media after one attempt = %v, want PENDING until the last attempt", e)
	}

	goodID := s.mustCreate(t, token, mediaInput(partner.URL+"/good.mp3", ""))
	e := s.waitForMedia(t, token, goodID)
	if e["mediaStatus"] != "READY" {
		t.Fatalf("good media = %v, want READY; logs: %s", e, s.logs.String())
	}
	// One held request is the check at create, and the others are downloads.
	if n := heldRequests.Load(); n < 2 {
		t.Errorf("stalled host holds %d requests, want the check and at least one download", n)
	}
}

func TestMediaShutdownKeepsPending(t *testing.T) {
	t.Parallel()
	// The last attempt is the case where a recorded failure would discard
	// the job and leave the engagement PENDING for good.
	cases := map[string]struct{ maxAttempts int }{
		"attempts left": {maxAttempts: 5},
		"last attempt":  {maxAttempts: 1},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			partner, heldRequests := stallingPartner(t)
			s := newServerWith(t, serverOptions{media: &mediaOptions{
				fetch: trustingFetch(partner), idleTimeout: time.Hour, workers: 1,
			}})
			token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)
			id := s.mustCreate(t, token, mediaInput(partner.URL+"/stall.mp3", ""))
			engagementID, _ := globalid.DecodeAs(globalid.Engagement, id)
			_, err := s.pool.Exec(context.Background(),
				`UPDATE river_job SET max_attempts = $2 WHERE args->>'engagement_id' = $1`,
				engagementID.String(), c.maxAttempts)
			if err != nil {
				t.Fatal(err)
			}

			if err := s.media.Queue.Start(context.Background()); err != nil {
				t.Fatalf("start queue: %v", err)
			}
			// The check at create holds one request, and the download holds the
			// next.
			waitFor(t, "download of the stalled recording", func() bool { return heldRequests.Load() >= 2 })
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			defer cancel()
			if err := s.media.Queue.StopAndCancel(ctx); err != nil {
				t.Fatalf("stop queue: %v", err)
			}

			// River makes an interrupted job available again and records no
			// failed attempt, so the next process runs it at once. It writes
			// the new state while stopping, so poll for it briefly.
			var state string
			var attempts []jobAttempt
			waitFor(t, "the interrupted job to be available again", func() bool {
				state, attempts = s.ingestJob(t, id)
				return state == "available"
			})
			if len(attempts) != 0 {
				t.Errorf("recorded attempts = %+v after shutdown, want none", attempts)
			}
			if e := s.waitForMediaOnce(t, token, id); e["mediaStatus"] != "PENDING" {
				t.Errorf("media after shutdown = %v, want PENDING", e)
			}
			if !strings.Contains(s.logs.String(), `"reason":"canceled"`) {
				t.Errorf("logs lack reason canceled: %s", s.logs.String())
			}
		})
	}
}
