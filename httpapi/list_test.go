package httpapi_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"
	"time"

	"engagements/seed"
)

const listFull = `query List($first: Int, $after: String) {
  engagements(first: $first, after: $after) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id createdAt } }
    nodes {
      id type title startedAt createdAt sourceSystem externalId externalUrl automationsEnabled isPrivate
      transcript mediaUrl
      transcriptTimeline { speakers { index name email } entries { speakerIndex speaker { name } startMs endMs text sentences { text startMs endMs } } }
      companies { id name domain } contacts { id name email phone company { id name domain } }
      owner { id name email } actionItems { id text assigneeName assigneeEmail dueAt completed startMs }
      signals { id kind name text startMs speakerIndex confidence }
    }
  }
}`

func TestListPagesNewestFirst(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)
	for i := range 5 {
		s.mustCreate(t, token, transcriptInput(fmt.Sprintf("page-%d", i)))
	}

	var seen []string
	var after any
	for page := 0; page < 3; page++ {
		resp := s.do(t, token, `query($after: String) { engagements(first: 2, after: $after) { pageInfo { hasNextPage endCursor } nodes { externalId createdAt } } }`,
			map[string]any{"after": after})
		if len(resp.Errors) > 0 {
			t.Fatalf("page %d: %s", page, resp.Raw)
		}
		for _, n := range path(resp.Data, "engagements", "nodes").([]any) {
			seen = append(seen, path(n, "externalId").(string))
		}
		wantNext := page < 2
		if got := path(resp.Data, "engagements", "pageInfo", "hasNextPage"); got != wantNext {
			t.Errorf("page %d hasNextPage = %v, want %v", page, got, wantNext)
		}
		after = path(resp.Data, "engagements", "pageInfo", "endCursor")
	}
	want := "page-4 page-3 page-2 page-1 page-0"
	if got := strings.Join(seen, " "); got != want {
		t.Errorf("order = %s, want %s", got, want)
	}

	resp := s.do(t, token, `{ engagements(first: 0) { nodes { id } pageInfo { hasNextPage endCursor } } }`, nil)
	if n := len(path(resp.Data, "engagements", "nodes").([]any)); n != 0 {
		t.Errorf("first: 0 returned %d nodes", n)
	}
	if path(resp.Data, "engagements", "pageInfo", "endCursor") != nil {
		t.Error("first: 0 returned an endCursor, want null")
	}
}

func TestListRejectsBadArguments(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	cases := map[string]struct {
		query    string
		wantText string
	}{
		"first over 100": {`{ engagements(first: 101) { nodes { id } } }`, "100"},
		"negative first": {`{ engagements(first: -1) { nodes { id } } }`, "between 0 and 100"},
		"bad cursor":     {`{ engagements(after: "bm9wZQ") { nodes { id } } }`, "cursor"},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resp := s.do(t, token, c.query, nil)
			if len(resp.Errors) != 1 {
				t.Fatalf("errors = %s, want one", resp.Raw)
			}
			if !strings.Contains(resp.Errors[0].Message, c.wantText) {
				t.Errorf("message %q does not mention %q", resp.Errors[0].Message, c.wantText)
			}
			if code := resp.errorCodes()[0]; code != "BAD_USER_INPUT" {
				t.Errorf("code = %s, want BAD_USER_INPUT", code)
			}
		})
	}
}

func TestListFilters(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	call := transcriptInput("call")
	call["sourceSystem"] = "dialer"
	s.mustCreate(t, token, call)
	middle := time.Now().UTC()
	meeting := transcriptInput("meeting")
	meeting["type"] = "MEETING"
	meeting["sourceSystem"] = "zoom"
	s.mustCreate(t, token, meeting)

	cases := map[string]struct {
		filter map[string]any
		want   string
	}{
		"by type":           {map[string]any{"types": []any{"MEETING"}}, "meeting"},
		"by two types":      {map[string]any{"types": []any{"MEETING", "CALL"}}, "meeting call"},
		"by source system":  {map[string]any{"sourceSystem": "dialer"}, "call"},
		"created after":     {map[string]any{"createdAfter": middle.Format(time.RFC3339Nano)}, "meeting"},
		"created before":    {map[string]any{"createdBefore": middle.Format(time.RFC3339Nano)}, "call"},
		"no match combined": {map[string]any{"types": []any{"CALL"}, "sourceSystem": "zoom"}, ""},
	}
	for name, c := range cases {
		t.Run(name, func(t *testing.T) {
			resp := s.do(t, token, `query($f: EngagementFilter) { engagements(filter: $f) { nodes { externalId } } }`, map[string]any{"f": c.filter})
			var got []string
			for _, n := range path(resp.Data, "engagements", "nodes").([]any) {
				got = append(got, path(n, "externalId").(string))
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("got %v, want %q; body %s", got, c.want, resp.Raw)
			}
		})
	}
}

// TestListRoundTripsConstant counts the SQL statements of a full page: a
// page of 100 must cost no more than a page of 1, because every expansion
// is loaded in one batch.
func TestListRoundTripsConstant(t *testing.T) {
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "reader@ourteam.example", allScopes[0])
	if _, err := seed.Run(context.Background(), s.pool, w.ID, 120); err != nil {
		t.Fatal(err)
	}

	count := func(first int) (int64, int) {
		s.queries.n.Store(0)
		resp := s.do(t, token, listFull, map[string]any{"first": first})
		if len(resp.Errors) > 0 {
			t.Fatalf("list errors: %s", resp.Raw)
		}
		return s.queries.n.Load(), len(path(resp.Data, "engagements", "nodes").([]any))
	}

	one, n1 := count(1)
	hundred, n100 := count(100)
	if n1 != 1 || n100 != 100 {
		t.Fatalf("pages hold %d and %d engagements, want 1 and 100", n1, n100)
	}
	if one != hundred {
		t.Errorf("SQL statements: %d for first: 1, %d for first: 100; want equal", one, hundred)
	}
	// Token, page, companies, contacts, owners, action items, signals.
	if hundred != 7 {
		t.Errorf("SQL statements for a full page = %d, want 7", hundred)
	}
}

// TestTimelineBudgetBoundsResponses stores a few large timelines and checks
// that a page selecting all of them is refused, while one of them, or the
// page without timelines, is served.
func TestTimelineBudgetBoundsResponses(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	// 80,000 sentences in 20,000 entries each: three of them pass the
	// per-request maximum of 200,000 items.
	entries := make([]any, 20_000)
	for i := range entries {
		sentences := make([]any, 4)
		for j := range sentences {
			start := i*100 + j*20
			sentences[j] = map[string]any{"text": "Yes.", "startMs": start, "endMs": start + 10}
		}
		entries[i] = map[string]any{"speakerIndex": 0, "startMs": i * 100, "endMs": i*100 + 90, "sentences": sentences}
	}
	var ids []string
	for i := range 3 {
		in := map[string]any{"type": "CALL", "externalId": fmt.Sprintf("big-%d", i), "transcriptTimeline": map[string]any{
			"speakers": []any{map[string]any{"name": "Ann"}}, "entries": entries}}
		ids = append(ids, s.mustCreate(t, token, in))
	}

	resp := s.do(t, token, `{ engagements(first: 3) { nodes { id transcriptTimeline { entries { sentences { text } } } } } }`, nil)
	if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "RESPONSE_TOO_LARGE" {
		t.Errorf("page of 3 large timelines: codes %v, want [RESPONSE_TOO_LARGE]; body %.300s", codes, resp.Raw)
	}

	resp = s.do(t, token, `query($id: ID!) { engagement(id: $id) { transcriptTimeline { entries { text } } } }`, map[string]any{"id": ids[0]})
	if len(resp.Errors) > 0 {
		t.Errorf("one large timeline: errors %.300s", resp.Raw)
	}

	resp = s.do(t, token, `{ engagements(first: 3) { nodes { id title } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Errorf("page without timelines: errors %.300s", resp.Raw)
	}

	fragments := `{ a: node(id: "` + ids[0] + `") { ... on Engagement { transcriptTimeline { entries { text } } } }
		b: node(id: "` + ids[1] + `") { ... on Engagement { transcriptTimeline { entries { text } } } }
		c: node(id: "` + ids[2] + `") { ... on Engagement { transcriptTimeline { entries { text } } } } }`
	resp = s.do(t, token, fragments, nil)
	if !slices.Contains(resp.errorCodes(), "RESPONSE_TOO_LARGE") {
		t.Errorf("three node lookups through fragments: codes %v, want RESPONSE_TOO_LARGE", resp.errorCodes())
	}
}

func TestTimelineBudgetCoversPayloadsAndTranscript(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	entries := make([]any, 20_000)
	for i := range entries {
		entries[i] = map[string]any{"speakerIndex": 0, "startMs": i * 10, "endMs": i*10 + 5,
			"sentences": []any{map[string]any{"text": "Yes.", "startMs": i * 10, "endMs": i*10 + 5}}}
	}
	in := map[string]any{"type": "CALL", "externalId": "budget-payload", "transcriptTimeline": map[string]any{
		"speakers": []any{map[string]any{"name": "Ann"}}, "entries": entries}}
	id := s.mustCreate(t, token, in)

	// 40,001 items each: five renderings pass 200,000.
	var repeats strings.Builder
	for i := range 5 {
		fmt.Fprintf(&repeats, "m%d: createEngagement(input: $in) { engagement { transcriptTimeline { entries { text } } } } ", i)
	}
	resp := s.do(t, token, "mutation($in: CreateEngagementInput!) { "+repeats.String()+"}", map[string]any{"in": in})
	if !slices.Contains(resp.errorCodes(), "RESPONSE_TOO_LARGE") {
		t.Errorf("five repeated creates returning the timeline: codes %v, want RESPONSE_TOO_LARGE", resp.errorCodes())
	}

	var transcripts strings.Builder
	for i := range 5 {
		fmt.Fprintf(&transcripts, "t%d: engagement(id: %q) { transcript } ", i, id)
	}
	resp = s.do(t, token, "{ "+transcripts.String()+"}", nil)
	if !slices.Contains(resp.errorCodes(), "RESPONSE_TOO_LARGE") {
		t.Errorf("five rendered transcripts: codes %v, want RESPONSE_TOO_LARGE", resp.errorCodes())
	}

	resp = s.do(t, token, `{ engagements(first: 1) { nodes { transcriptTimeline { entries { text } } transcript }
		edges { node { transcriptTimeline { entries { text } } transcript } } } }`, nil)
	if len(resp.Errors) > 0 {
		t.Errorf("four renderings of one engagement (160,004 items): %.300s", resp.Raw)
	}
	resp = s.do(t, token, `{ a: engagements(first: 1) { nodes { transcript } edges { node { transcript } } }
		b: engagements(first: 1) { nodes { transcript } edges { node { transcript transcriptTimeline { entries { text } } } } } }`, nil)
	if !slices.Contains(resp.errorCodes(), "RESPONSE_TOO_LARGE") {
		t.Errorf("five renderings across aliases: codes %v, want RESPONSE_TOO_LARGE", resp.errorCodes())
	}
}

// TestReadsSkipUnselectedTranscripts checks that reads load the transcript
// columns only when the query renders them, since they can hold megabytes.
func TestReadsSkipUnselectedTranscripts(t *testing.T) {
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)
	id := s.mustCreate(t, token, transcriptInput("skip-1"))

	loadsTimeline := func(query string) bool {
		t.Helper()
		s.queries.statements()
		var vars map[string]any
		if strings.Contains(query, "$id") {
			vars = map[string]any{"id": id}
		}
		if resp := s.do(t, token, query, vars); len(resp.Errors) > 0 {
			t.Fatalf("%s: %s", query, resp.Raw)
		}
		for _, sql := range s.queries.statements() {
			if strings.Contains(sql, "FROM engagements e") && strings.Contains(sql, "e.timeline") {
				return true
			}
		}
		return false
	}

	cases := []struct {
		query string
		want  bool
	}{
		{`{ engagements { nodes { id title } } }`, false},
		{`{ engagements { edges { node { transcript } } } }`, true},
		{`query($id: ID!) { engagement(id: $id) { id } }`, false},
		{`query($id: ID!) { engagement(id: $id) { transcriptTimeline { entries { text } } } }`, true},
		{`query($id: ID!) { node(id: $id) { id } }`, false},
		{`query($id: ID!) { node(id: $id) { ... on Engagement { transcript } } }`, true},
	}
	for _, c := range cases {
		if got := loadsTimeline(c.query); got != c.want {
			t.Errorf("%s: loads the timeline = %v, want %v", c.query, got, c.want)
		}
	}
}
