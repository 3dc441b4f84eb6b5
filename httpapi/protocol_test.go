package httpapi_test

import (
	"encoding/json"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// These tests check the GraphQL-over-HTTP rules of /graphql through the
// whole handler of httpapi.New.

const (
	jsonType     = "application/json"
	responseType = "application/graphql-response+json"
)

// httpResponse is a response read whole, with its top-level JSON fields.
type httpResponse struct {
	status int
	header http.Header
	body   string
	fields map[string]json.RawMessage // nil when the body is not a JSON object
}

// hasData reports whether the body has a data entry, even a null one.
func (r httpResponse) hasData() bool {
	_, ok := r.fields["data"]
	return ok
}

// errorCode returns extensions.code of the first error.
func (r httpResponse) errorCode() string {
	var errs []struct {
		Extensions map[string]any `json:"extensions"`
	}
	_ = json.Unmarshal(r.fields["errors"], &errs)
	if len(errs) == 0 {
		return ""
	}
	code, _ := errs[0].Extensions["code"].(string)
	return code
}

// protocolServer starts the API with a token that has every scope.
func protocolServer(t *testing.T) (*apiServer, string) {
	t.Helper()
	s := newServer(t)
	w := s.workspace(t, false)
	return s, s.token(t, w, "protocol@ourteam.example", allScopes...)
}

// send sends a request to /graphql with token and the given headers. The
// target is appended to the /graphql path, so it may carry a URL query.
func (s *apiServer) send(t *testing.T, method, target, token string, header map[string]string, body string) httpResponse {
	t.Helper()
	var reader io.Reader
	if body != "" {
		reader = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, s.URL+"/graphql"+target, reader)
	if err != nil {
		t.Fatal(err)
	}
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	for k, v := range header {
		req.Header.Set(k, v)
	}
	return roundTrip(t, req)
}

func roundTrip(t *testing.T, req *http.Request) httpResponse {
	t.Helper()
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer resp.Body.Close()
	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}

	out := httpResponse{status: resp.StatusCode, header: resp.Header, body: string(raw)}
	_ = json.Unmarshal(raw, &out.fields)
	return out
}

// postJSON posts body as application/json, accepting accept ("" sends no
// Accept header).
func (s *apiServer) postJSON(t *testing.T, token, accept, body string) httpResponse {
	t.Helper()
	header := map[string]string{"Content-Type": jsonType}
	if accept != "" {
		header["Accept"] = accept
	}
	return s.send(t, http.MethodPost, "", token, header, body)
}

// getQuery sends a GET with the parameters in the URL query.
func (s *apiServer) getQuery(t *testing.T, token, accept string, params url.Values) httpResponse {
	t.Helper()
	header := map[string]string{}
	if accept != "" {
		header["Accept"] = accept
	}
	return s.send(t, http.MethodGet, "?"+params.Encode(), token, header, "")
}

// wantError checks a response that carries one GraphQL error and no data.
func wantError(t *testing.T, r httpResponse, status int, mediaType, code string) {
	t.Helper()
	if r.status != status {
		t.Errorf("status = %d, want %d; body %s", r.status, status, r.body)
	}
	if got := r.header.Get("Content-Type"); !strings.HasPrefix(got, mediaType) {
		t.Errorf("Content-Type = %q, want %s", got, mediaType)
	}
	if r.fields == nil {
		t.Fatalf("body is not a JSON object: %s", r.body)
	}
	if got := r.errorCode(); got != code {
		t.Errorf("error code = %q, want %q; body %s", got, code, r.body)
	}
	if r.hasData() {
		t.Errorf("body has a data entry, want none: %s", r.body)
	}
}

// wantData checks a successful response of the given media type.
func wantData(t *testing.T, r httpResponse, mediaType string) {
	t.Helper()
	if r.status != http.StatusOK {
		t.Errorf("status = %d, want 200; body %s", r.status, r.body)
	}
	if got := r.header.Get("Content-Type"); got != mediaType+"; charset=utf-8" {
		t.Errorf("Content-Type = %q, want %s; charset=utf-8", got, mediaType)
	}
	if _, ok := r.fields["errors"]; ok {
		t.Errorf("unexpected errors: %s", r.body)
	}
	if !r.hasData() {
		t.Errorf("no data in %s", r.body)
	}
}

func TestProtocolRejectsOtherMethods(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	for _, method := range []string{http.MethodPut, http.MethodPatch, http.MethodDelete, http.MethodOptions, "PROPFIND"} {
		t.Run(method, func(t *testing.T) {
			t.Parallel()
			r := s.send(t, method, "", token, map[string]string{"Content-Type": jsonType}, `{"query":"{ __typename }"}`)
			wantError(t, r, http.StatusMethodNotAllowed, jsonType, "METHOD_NOT_ALLOWED")
			if got := r.header.Get("Allow"); got != "GET, POST" {
				t.Errorf("Allow = %q, want GET, POST", got)
			}
		})
	}

	t.Run("HEAD", func(t *testing.T) {
		t.Parallel()
		r := s.send(t, http.MethodHead, "?query=%7B__typename%7D", token, nil, "")
		if r.status != http.StatusMethodNotAllowed {
			t.Errorf("status = %d, want 405", r.status)
		}
		if got := r.header.Get("Allow"); got != "GET, POST" {
			t.Errorf("Allow = %q, want GET, POST", got)
		}
	})
}

func TestProtocolKeepsCORSPreflight(t *testing.T) {
	t.Parallel()
	s := newServer(t)

	req, _ := http.NewRequest(http.MethodOptions, s.URL+"/graphql", nil)
	req.Header.Set("Origin", "https://app.example.com")
	req.Header.Set("Access-Control-Request-Method", http.MethodPost)
	req.Header.Set("Access-Control-Request-Headers", "accept,authorization,content-type")
	r := roundTrip(t, req)

	if r.status/100 != 2 {
		t.Errorf("status = %d, want 2xx", r.status)
	}
	if got := r.header.Get("Access-Control-Allow-Origin"); got != "https://app.example.com" {
		t.Errorf("Access-Control-Allow-Origin = %q, want the origin", got)
	}
	if got := strings.ToLower(r.header.Get("Access-Control-Allow-Headers")); !strings.Contains(got, "content-type") {
		t.Errorf("Access-Control-Allow-Headers = %q, want content-type in it", got)
	}
}

func TestProtocolContentType(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)
	body := `{"query":"{ __typename }"}`

	rejected := map[string]string{
		"text plain":      "text/plain",
		"text plain utf8": "text/plain;charset=UTF-8",
		"form urlencoded": "application/x-www-form-urlencoded",
		"multipart form":  "multipart/form-data; boundary=xyz",
		"graphql":         "application/graphql",
		"response type":   responseType,
		"latin1 charset":  "application/json; charset=iso-8859-1",
		"malformed":       "application/json; charset",
		"missing":         "",
	}
	for name, contentType := range rejected {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			header := map[string]string{}
			if contentType != "" {
				header["Content-Type"] = contentType
			}
			r := s.send(t, http.MethodPost, "", token, header, body)
			wantError(t, r, http.StatusUnsupportedMediaType, jsonType, "UNSUPPORTED_MEDIA_TYPE")
		})
	}

	accepted := map[string]string{
		"plain":         "application/json",
		"utf8 charset":  "application/json; charset=utf-8",
		"upper charset": "application/json;charset=UTF-8",
		"upper type":    "Application/JSON",
	}
	for name, contentType := range accepted {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := s.send(t, http.MethodPost, "", token, map[string]string{"Content-Type": contentType}, body)
			wantData(t, r, jsonType)
		})
	}
}

func TestProtocolNegotiatesAccept(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	cases := []struct {
		name   string
		accept string
		want   string // "" means 406
	}{
		{"missing", "", jsonType},
		{"any", "*/*", jsonType},
		{"application any", "application/*", jsonType},
		{"json", jsonType, jsonType},
		{"response type", responseType, responseType},
		{"recommended", responseType + ", application/json;q=0.9", responseType},
		{"q beats order", "application/json;q=0.9, " + responseType, responseType},
		{"tie keeps order", jsonType + ", " + responseType, jsonType},
		{"exact beats wildcard", "*/*, " + responseType, responseType},
		{"browser", "text/html,application/xhtml+xml,*/*;q=0.8", jsonType},
		{"graphiql", responseType + ", multipart/mixed", responseType},
		{"charset utf8", responseType + "; charset=utf-8", responseType},
		{"quoted comma", `text/html;x="a,application/json", ` + responseType, responseType},
		{"html only", "text/html", ""},
		{"zero q", responseType + ";q=0, application/json;q=0", ""},
		{"utf16 only", responseType + "; charset=utf-16", ""},
		{"bad q", "application/json;q=2", ""},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			r := s.postJSON(t, token, tc.accept, `{"query":"{ viewer { scopes } }"}`)
			if tc.want == "" {
				wantError(t, r, http.StatusNotAcceptable, jsonType, "NOT_ACCEPTABLE")
				return
			}
			wantData(t, r, tc.want)
			if got := r.header.Values("Vary"); !containsFold(got, "Accept") {
				t.Errorf("Vary = %q, want Accept in it", got)
			}
		})
	}
}

func containsFold(values []string, want string) bool {
	for _, v := range values {
		for _, part := range strings.Split(v, ",") {
			if strings.EqualFold(strings.TrimSpace(part), want) {
				return true
			}
		}
	}
	return false
}

// TestProtocolRequestErrorStatus checks well-formed requests whose GraphQL
// document or variables fail: 400 under application/graphql-response+json
// and 200 under application/json, never with a data entry.
func TestProtocolRequestErrorStatus(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	cases := map[string]struct{ body, code string }{
		"parse failure":       {`{"query":"{"}`, "GRAPHQL_PARSE_FAILED"},
		"empty document":      {`{"query":""}`, "GRAPHQL_VALIDATION_FAILED"},
		"unknown field":       {`{"query":"{ viewer { nope } }"}`, "GRAPHQL_VALIDATION_FAILED"},
		"unknown operation":   {`{"query":"query A { __typename }","operationName":"B"}`, "GRAPHQL_VALIDATION_FAILED"},
		"ambiguous operation": {`{"query":"query A { __typename } query B { __typename }"}`, "GRAPHQL_VALIDATION_FAILED"},
		"coercion failure":    {`{"query":"query Q($id: ID!) { node(id: $id) { id } }","variables":{"id":null}}`, "GRAPHQL_VALIDATION_FAILED"},
		"wrong variable type": {`{"query":"query Q($n: Int) { engagements(first: $n) { nodes { id } } }","variables":{"n":"ten"}}`, "GRAPHQL_VALIDATION_FAILED"},
	}
	for name, tc := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			body := tc.body
			r := s.postJSON(t, token, responseType, body)
			wantError(t, r, http.StatusBadRequest, responseType, tc.code)

			r = s.postJSON(t, token, jsonType, body)
			if r.status != http.StatusOK {
				t.Errorf("application/json: status = %d, want 200; body %s", r.status, r.body)
			}
			if _, ok := r.fields["errors"]; !ok {
				t.Errorf("application/json: no errors in %s", r.body)
			}
			if r.hasData() {
				t.Errorf("application/json: body has a data entry, want none: %s", r.body)
			}
		})
	}
}

func TestProtocolFieldErrorsAre200(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	writeOnly := s.token(t, w, "writer@ourteam.example", allScopes[1])

	for _, accept := range []string{responseType, jsonType} {
		t.Run(accept, func(t *testing.T) {
			t.Parallel()
			r := s.postJSON(t, writeOnly, accept, `{"query":"{ viewer { scopes } engagement(id: \"x\") { id } }"}`)
			if r.status != http.StatusOK {
				t.Errorf("status = %d, want 200; body %s", r.status, r.body)
			}
			if got := r.errorCode(); got != "FORBIDDEN" {
				t.Errorf("error code = %q, want FORBIDDEN; body %s", got, r.body)
			}
			if !r.hasData() {
				t.Errorf("no data in %s", r.body)
			}
		})
	}
}

func TestProtocolMalformedRequests(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	bodies := map[string]string{
		"empty body":           ``,
		"blank body":           "  \n ",
		"invalid JSON":         `{ "not a JSON`,
		"trailing garbage":     `{"query":"{ __typename }"} x`,
		"string body":          `"{ __typename }"`,
		"null body":            `null`,
		"missing query":        `{"qeury":"{ __typename }"}`,
		"null query":           `{"query":null}`,
		"object query":         `{"query":{"obj":"ect"}}`,
		"number query":         `{"query":0}`,
		"boolean query":        `{"query":false}`,
		"array query":          `{"query":["array"]}`,
		"object operationName": `{"query":"{ __typename }","operationName":{"obj":"ect"}}`,
		"number operationName": `{"query":"{ __typename }","operationName":0}`,
		"string variables":     `{"query":"{ __typename }","variables":"string"}`,
		"number variables":     `{"query":"{ __typename }","variables":0}`,
		"boolean variables":    `{"query":"{ __typename }","variables":false}`,
		"array variables":      `{"query":"query Q($i: Int) { __typename }","variables":[7]}`,
		"string extensions":    `{"query":"{ __typename }","extensions":"string"}`,
		"array extensions":     `{"query":"{ __typename }","extensions":["array"]}`,
	}
	for name, body := range bodies {
		for _, accept := range []string{responseType, jsonType} {
			t.Run(name+"/"+accept, func(t *testing.T) {
				t.Parallel()
				r := s.postJSON(t, token, accept, body)
				wantError(t, r, http.StatusBadRequest, accept, "BAD_REQUEST")
				if len(body) > 8 && strings.Contains(r.body, body) {
					t.Errorf("error echoes the request body: %s", r.body)
				}
			})
		}
	}
}

func TestProtocolAcceptsNullParameters(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	for _, param := range []string{"operationName", "variables", "extensions"} {
		for _, accept := range []string{responseType, jsonType} {
			t.Run(param+"/"+accept, func(t *testing.T) {
				t.Parallel()
				r := s.postJSON(t, token, accept, `{"query":"{ __typename }","`+param+`":null}`)
				wantData(t, r, accept)
			})
		}
	}

	t.Run("unknown keys ignored", func(t *testing.T) {
		t.Parallel()
		r := s.postJSON(t, token, responseType, `{"query":"{ __typename }","extensions":{"some":"value"},"future":1}`)
		wantData(t, r, responseType)
	})
}

func TestProtocolRejectsBatches(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	for name, body := range map[string]string{
		"two operations": `[{"query":"{ __typename }"},{"query":"{ viewer { scopes } }"}]`,
		"one operation":  ` [{"query":"{ __typename }"}]`,
		"empty batch":    `[]`,
	} {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := s.postJSON(t, token, responseType, body)
			wantError(t, r, http.StatusBadRequest, responseType, "BATCHING_NOT_SUPPORTED")
			if !strings.Contains(r.body, "batched requests") || !strings.Contains(r.body, "not supported") {
				t.Errorf("message does not say that batching is not supported: %s", r.body)
			}
		})
	}
}

func TestProtocolGETRunsQueries(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)
	params := url.Values{
		"query":         {`query Scopes($name: String!) { viewer { scopes } __type(name: $name) { name } }`},
		"operationName": {"Scopes"},
		"variables":     {`{"name":"Viewer"}`},
		"extensions":    {`{"some":"value"}`},
	}

	for _, accept := range []string{responseType, jsonType} {
		t.Run(accept, func(t *testing.T) {
			t.Parallel()
			r := s.getQuery(t, token, accept, params)
			wantData(t, r, accept)
			if !strings.Contains(r.body, `"name":"Viewer"`) {
				t.Errorf("variables were not applied: %s", r.body)
			}
		})
	}

	t.Run("empty optional parameters", func(t *testing.T) {
		t.Parallel()
		r := s.getQuery(t, token, responseType, url.Values{
			"query": {"{ __typename }"}, "operationName": {""}, "variables": {""}, "extensions": {""},
		})
		wantData(t, r, responseType)
	})
}

func TestProtocolGETRejectsMutations(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "protocol@ourteam.example", allScopes...)
	create := `mutation Create { createEngagement(input: {type: CALL, externalId: "get-1", transcriptTimeline: {speakers: [{name: "A"}], entries: [{speakerIndex: 0, startMs: 0, endMs: 1, sentences: [{text: "Hi", startMs: 0, endMs: 1}]}]}}) { created } }`

	cases := map[string]url.Values{
		"only operation":   {"query": {create}},
		"named":            {"query": {"query Read { __typename } " + create}, "operationName": {"Create"}},
		"anonymous":        {"query": {"mutation { __typename }"}},
		"invalid mutation": {"query": {"mutation { nope }"}},
	}
	for name, params := range cases {
		for _, accept := range []string{responseType, jsonType} {
			t.Run(name+"/"+accept, func(t *testing.T) {
				r := s.getQuery(t, token, accept, params)
				wantError(t, r, http.StatusMethodNotAllowed, accept, "METHOD_NOT_ALLOWED")
				if got := r.header.Get("Allow"); got != "POST" {
					t.Errorf("Allow = %q, want POST", got)
				}
			})
		}
	}
	if n := s.engagementRows(t, w); n != 0 {
		t.Errorf("engagement rows = %d after mutations over GET, want 0", n)
	}

	t.Run("query beside a mutation", func(t *testing.T) {
		r := s.getQuery(t, token, responseType, url.Values{
			"query": {"query Read { __typename } " + create}, "operationName": {"Read"},
		})
		wantData(t, r, responseType)
	})
}

func TestProtocolGETMalformed(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	cases := map[string]string{
		"no query":          "?operationName=A",
		"no parameters":     "",
		"variables array":   "?query=%7B__typename%7D&variables=%5B1%5D",
		"variables invalid": "?query=%7B__typename%7D&variables=%7Bnope",
		"extensions string": "?query=%7B__typename%7D&extensions=%22x%22",
		"bad escape":        "?query=%7B__typename%7D&x=%zz",
	}
	for name, target := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			r := s.send(t, http.MethodGet, target, token, map[string]string{"Accept": responseType}, "")
			wantError(t, r, http.StatusBadRequest, responseType, "BAD_REQUEST")
		})
	}
}

func TestProtocolChunkedBodyTooLarge(t *testing.T) {
	t.Parallel()
	s, token := protocolServer(t)

	// A reader of unknown length makes the client send the body chunked,
	// so that only reading it can find it too large.
	body := io.MultiReader(
		strings.NewReader(`{"query":"{ __typename }","extensions":{"pad":"`),
		io.LimitReader(repeatedByte('a'), 11<<20),
		strings.NewReader(`"}}`),
	)
	req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", body)
	req.Header.Set("Content-Type", jsonType)
	req.Header.Set("Authorization", "Bearer "+token)
	r := roundTrip(t, req)

	wantError(t, r, http.StatusRequestEntityTooLarge, jsonType, "REQUEST_TOO_LARGE")
}

// repeatedByte is an endless reader of one byte.
type repeatedByte byte

func (b repeatedByte) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = byte(b)
	}
	return len(p), nil
}

func TestProtocolNeedsTokenFirst(t *testing.T) {
	t.Parallel()
	s := newServer(t)

	r := s.send(t, http.MethodPost, "", "", map[string]string{"Content-Type": "text/plain"}, `{"query":"{ __typename }"}`)
	if r.status != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401 before any protocol check; body %s", r.status, r.body)
	}
}
