package httpapi_test

import (
	"io"
	"net/http"
	"strings"
	"testing"
)

func TestCreateListsEveryProblem(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	in := transcriptInput("bad")
	in["type"] = "EMAIL"
	in["externalUrl"] = "JavaScript:alert(1)"
	in["title"] = "nul\x00byte"
	entries := in["transcriptTimeline"].(map[string]any)["entries"].([]any)
	entries[1].(map[string]any)["speakerIndex"] = 7
	entries[0].(map[string]any)["sentences"].([]any)[1].(map[string]any)["endMs"] = 2500

	p := s.create(t, token, in)
	if p["engagement"] != nil || p["created"] != false {
		t.Fatalf("engagement = %v, created = %v; want null and false", p["engagement"], p["created"])
	}
	want := map[string]string{
		"type":        "NOT_SUPPORTED",
		"externalUrl": "UNSAFE_URL",
		"title":       "INVALID",
		"transcriptTimeline.entries.1.speakerIndex":      "OUT_OF_RANGE",
		"transcriptTimeline.entries.0.sentences.1.endMs": "OUT_OF_RANGE",
	}
	got := map[string]string{}
	for _, e := range p["userErrors"].([]any) {
		var parts []string
		for _, f := range path(e, "field").([]any) {
			parts = append(parts, f.(string))
		}
		got[strings.Join(parts, ".")] = path(e, "code").(string)
		if msg, _ := path(e, "message").(string); msg == "" {
			t.Errorf("error on %v has no message", parts)
		}
	}
	for field, code := range want {
		if got[field] != code {
			t.Errorf("userError on %s = %q, want %s; all: %v", field, got[field], code, got)
		}
	}
	if n := s.engagementRows(t, w); n != 0 {
		t.Errorf("engagement rows = %d after invalid input, want 0", n)
	}
}

func TestCreateRequiresMediaOrTimeline(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	p := s.create(t, token, map[string]any{"type": "CALL", "transcript": "plain text only"})
	errs := p["userErrors"].([]any)
	if len(errs) != 1 || path(errs, 0, "code") != "REQUIRED" || path(errs, 0, "field", 0) != "mediaUrl" {
		t.Errorf("userErrors = %v, want REQUIRED on mediaUrl", errs)
	}

	p = s.create(t, token, map[string]any{"type": "CALL", "mediaUrl": "http://media.example/a.mp3"})
	errs = p["userErrors"].([]any)
	if len(errs) != 1 || path(errs, 0, "code") != "UNSAFE_URL" {
		t.Errorf("userErrors = %v, want UNSAFE_URL for an http media URL", errs)
	}
}

func TestCreateTranscriptLimits(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	cases := map[string]struct {
		transcript string
		wantError  bool
		wantWord   string
	}{
		"ascii at char limit":   {strings.Repeat("a", 900_000), false, ""},
		"ascii over char limit": {strings.Repeat("a", 900_001), true, "characters"},
		"cjk over byte limit":   {strings.Repeat("語", 320_000), true, "bytes"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			in := transcriptInput("")
			in["transcript"] = c.transcript
			p := s.create(t, token, in)
			errs := p["userErrors"].([]any)
			if !c.wantError {
				if len(errs) != 0 {
					t.Fatalf("userErrors = %v, want none", errs)
				}
				return
			}
			if len(errs) != 1 || path(errs, 0, "code") != "TOO_LONG" {
				t.Fatalf("userErrors = %v, want one TOO_LONG", errs)
			}
			if msg := path(errs, 0, "message").(string); !strings.Contains(msg, c.wantWord) {
				t.Errorf("message %q does not name the %s limit", msg, c.wantWord)
			}
		})
	}
}

func TestMalformedRequestsAreGraphQLErrors(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	cases := map[string]string{
		"malformed JSON":   `{"query": "{ viewer { scopes } }"`,
		"missing query":    `{"variables": {}}`,
		"unknown field":    `{"query": "{ viewer { nope } }"}`,
		"wrong arg type":   `{"query": "{ engagements(first: \"ten\") { nodes { id } } }"}`,
		"int over range":   `{"query": "query($n: Int) { engagements(first: $n) { nodes { id } } }", "variables": {"n": 3000000000}}`,
		"int literal huge": `{"query": "{ engagements(first: 99999999999) { nodes { id } } }"}`,
		"negative offset":  `{"query": "mutation($i: CreateEngagementInput!) { createEngagement(input: $i) { created } }", "variables": {"i": {"type": "CALL", "transcriptTimeline": {"speakers": [], "entries": [{"speakerIndex": 0, "startMs": 1e20, "endMs": 0, "sentences": []}]}}}}`,
		"bad enum":         `{"query": "mutation { createEngagement(input: {type: FAX}) { created } }"}`,
		"bad datetime":     `{"query": "mutation { createEngagement(input: {type: CALL, startedAt: \"yesterday\"}) { created } }"}`,
	}
	for name, body := range cases {
		t.Run(name, func(t *testing.T) {
			resp := s.post(t, token, "application/json", []byte(body))
			if resp.Status >= 500 {
				t.Errorf("status = %d, want below 500", resp.Status)
			}
			if len(resp.Errors) == 0 {
				t.Errorf("no GraphQL error in %s", resp.Raw)
			}
			for _, leak := range []string{"goroutine", ".go:", "SELECT", "pgx", "panic"} {
				if strings.Contains(resp.Raw, leak) {
					t.Errorf("response leaks %q: %s", leak, resp.Raw)
				}
			}
		})
	}
	if n := s.engagementRows(t, w); n != 0 {
		t.Errorf("engagement rows = %d, want 0", n)
	}
}

func TestNULInQueryArgumentsIsNotAnError(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)

	resp := s.do(t, token, `query($x: String!) { engagementByExternalId(externalId: $x) { id } }`, map[string]any{"x": "a\x00b"})
	if len(resp.Errors) > 0 || path(resp.Data, "engagementByExternalId") != nil {
		t.Errorf("externalId with NUL: %s, want null without errors", resp.Raw)
	}
	resp = s.do(t, token, `query($f: EngagementFilter) { engagements(filter: $f) { nodes { id } } }`,
		map[string]any{"f": map[string]any{"sourceSystem": "\x00"}})
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "BAD_USER_INPUT" {
		t.Errorf("sourceSystem with NUL: codes %v, want [BAD_USER_INPUT]; body %s", codes, resp.Raw)
	}
}

func TestIntVariableOutOfRangeIsRequestError(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	token := s.token(t, s.workspace(t, false), "ann@ourteam.example", allScopes...)

	cases := map[string]struct {
		query string
		vars  string
	}{
		"top-level": {`query($n: Int) { engagements(first: $n) { nodes { id } } }`, `{"n": 3000000000}`},
		"negative":  {`query($n: Int) { engagements(first: $n) { nodes { id } } }`, `{"n": -2147483649}`},
		"in an input": {`mutation($i: CreateEngagementInput!) { createEngagement(input: $i) { created } }`,
			`{"i": {"type": "CALL", "transcriptTimeline": {"speakers": [{"name": "A"}], "entries": [{"speakerIndex": 0, "startMs": 0, "endMs": 1, "sentences": [{"text": "Hi", "startMs": 0, "endMs": 4294967296}]}]}}}`},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			body := `{"query":` + quote(c.query) + `,"variables":` + c.vars + `}`
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(body))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Accept", "application/graphql-response+json")
			req.Header.Set("Authorization", "Bearer "+token)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			raw, _ := io.ReadAll(resp.Body)
			resp.Body.Close()
			if resp.StatusCode != http.StatusBadRequest {
				t.Errorf("status = %d, want 400; body %s", resp.StatusCode, raw)
			}
			if !strings.Contains(string(raw), "outside the GraphQL Int range") {
				t.Errorf("body %s does not name the Int range", raw)
			}
		})
	}
	// The largest Int passes the range check and meets the page limits.
	resp := s.do(t, token, `query($n: Int) { engagements(first: $n) { nodes { id } } }`, map[string]any{"n": 2147483647})
	if len(resp.Errors) != 1 || strings.Contains(resp.Raw, "outside the GraphQL Int range") {
		t.Errorf("largest Int: %s, want one error that is not a range error", resp.Raw)
	}
}
