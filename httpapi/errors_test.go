package httpapi_test

import (
	"net/http"
	"strings"
	"testing"
)

func TestInternalErrorsAreHidden(t *testing.T) {
	t.Parallel()
	s := newServerWith(t, serverOptions{brokenStore: true})
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	for name, query := range map[string]string{
		"read":   `{ engagements { nodes { id } } }`,
		"create": `mutation { createEngagement(input: {type: CALL, externalId: "x", transcriptTimeline: {speakers: [{name: "A"}], entries: [{speakerIndex: 0, startMs: 0, endMs: 1, sentences: [{text: "Hi", startMs: 0, endMs: 1}]}]}}) { created } }`,
	} {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":`+quote(query)+`}`))
			req.Header.Set("Content-Type", "application/json")
			req.Header.Set("Authorization", "Bearer "+token)
			req.Header.Set("X-Request-Id", "trace-"+name)
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer resp.Body.Close()
			var body strings.Builder
			_, _ = ioCopy(&body, resp)

			if !strings.Contains(body.String(), `"code":"INTERNAL"`) {
				t.Errorf("body %s has no INTERNAL error", body.String())
			}
			if !strings.Contains(body.String(), "trace-"+name) {
				t.Errorf("body %s does not carry the request ID", body.String())
			}
			for _, leak := range []string{"pool", "closed", "SELECT", "INSERT", "postgres", "sql", ".go"} {
				if strings.Contains(strings.ToLower(body.String()), strings.ToLower(leak)) {
					t.Errorf("body leaks %q: %s", leak, body.String())
				}
			}
			if !strings.Contains(s.logs.String(), `"request_id":"trace-`+name+`"`) {
				t.Errorf("logs do not name request trace-%s", name)
			}
		})
	}
}
