package httpapi

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

// The parsers of the GraphQL-over-HTTP layer see raw client input before
// anything else does, so they are fuzzed here, below the HTTP server.

func FuzzNegotiateResponseType(f *testing.F) {
	for _, seed := range []string{
		"", "*/*", "application/json", mediaTypeGraphQLResponse,
		"application/graphql-response+json, application/json;q=0.9",
		"application/json;q=0.9, application/graphql-response+json",
		"text/html,application/xhtml+xml,*/*;q=0.8",
		`text/html;x="a,application/json", application/graphql-response+json`,
		`a/b;x="\"", application/json;q=0.`, "application/json;q=1.000", "application/json;q=NaN",
		"application/*;q=0.5, application/graphql-response+json;charset=UTF-8;q=0.4", ",,;;",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, header string) {
		got, ok := negotiateResponseType([]string{header})
		if ok != (got != "") {
			t.Fatalf("negotiateResponseType(%q) = %q, %t: a type is returned exactly when ok", header, got, ok)
		}
		if ok && got != mediaTypeJSON && got != mediaTypeGraphQLResponse {
			t.Fatalf("negotiateResponseType(%q) = %q, not a supported type", header, got)
		}
		// A range with q=0 for every type, or one for a type the server
		// does not send, must not change the choice of a non-empty header.
		if strings.TrimSpace(header) == "" {
			return
		}
		for _, extra := range []string{"*/*;q=0", "text/html"} {
			if again, _ := negotiateResponseType([]string{header, extra}); again != got {
				t.Fatalf("header %q gives %q, but %q with %s appended", header, got, again, extra)
			}
		}
	})
}

func FuzzCheckJSONBody(f *testing.F) {
	for _, seed := range []string{
		``, `{"query":"{ __typename }"}`, `[{"query":"{ a }"}]`, `{ "not a JSON`,
		`{"query":"{ a }","variables":null,"operationName":null,"extensions":null}`,
		`{"query":"{ a }","variables":{"x":[1,2,{"y":"z"}]},"extensions":{}}`,
		`{"query":0}`, `{"query":"a","variables":[7]}`, `"x"`, `null`, `{"QUERY":"a"}`,
		`{"query":"a","query":1}`, " \n{\"query\":\"\"}", `{"query":"a"} x`, "{\"query\":\"\xff\"}",
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		perr := checkJSONBody(body)
		if perr != nil {
			if perr.status < 400 || perr.status > 499 || perr.code == "" || perr.message == "" {
				t.Fatalf("checkJSONBody(%q) = %+v, want a 4xx with a code and a message", body, perr)
			}
			if len(body) > 16 && strings.Contains(perr.message, string(body)) {
				t.Fatalf("message echoes the body: %s", perr.message)
			}
			return
		}

		// An accepted body must decode into what gqlgen's POST transport
		// expects, or gqlgen would respond with its own, body-echoing error.
		var params struct {
			Query         string         `json:"query"`
			OperationName string         `json:"operationName"`
			Variables     map[string]any `json:"variables"`
			Extensions    map[string]any `json:"extensions"`
		}
		dec := json.NewDecoder(bytes.NewReader(body))
		dec.UseNumber()
		if err := dec.Decode(&params); err != nil {
			t.Fatalf("checkJSONBody accepted %q, but it does not decode: %v", body, err)
		}
	})
}

func FuzzCheckGETParams(f *testing.F) {
	for _, seed := range []string{
		"", "query=%7B__typename%7D", "query=a&variables=%7B%7D&extensions=", "query=a&variables=%5B1%5D",
		"query=a&x=%zz", "operationName=A", "query=a&variables=nul", "query=a;b=c",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, rawQuery string) {
		values, perr := checkGETParams(rawQuery)
		if perr != nil {
			if perr.status != 400 || perr.code != "BAD_REQUEST" {
				t.Fatalf("checkGETParams(%q) = %+v, want a 400", rawQuery, perr)
			}
			return
		}
		if !values.Has("query") {
			t.Fatalf("checkGETParams(%q) accepted a request without a query", rawQuery)
		}
		for _, name := range []string{"variables", "extensions"} {
			if v := values.Get(name); v != "" {
				var m map[string]any
				if err := json.Unmarshal([]byte(v), &m); err != nil {
					t.Fatalf("checkGETParams(%q) accepted %s that is no JSON object: %v", rawQuery, name, err)
				}
			}
		}
	})
}

func FuzzWithoutNullData(f *testing.F) {
	for _, seed := range []string{
		`{"errors":[{"message":"x"}],"data":null}`, `{"data":{"a":1}}`, `{"data":null}`, `not json`,
		`{"errors":[{"message":"<&>"}],"data":null,"extensions":{"a":1}}`, `[]`, `{"data": null }`,
	} {
		f.Add([]byte(seed))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		out := withoutNullData(body)
		var in, got map[string]json.RawMessage
		if json.Unmarshal(body, &in) != nil {
			if !bytes.Equal(out, body) {
				t.Fatalf("withoutNullData changed a body that is not a JSON object: %q to %q", body, out)
			}
			return
		}
		if err := json.Unmarshal(out, &got); err != nil {
			t.Fatalf("withoutNullData(%q) = %q, not a JSON object: %v", body, out, err)
		}
		if data, ok := got["data"]; ok && string(data) == "null" {
			t.Fatalf("withoutNullData(%q) kept data: null", body)
		}
		for key := range in {
			if _, ok := got[key]; !ok && key != "data" {
				t.Fatalf("withoutNullData(%q) dropped %q", body, key)
			}
		}
	})
}

// BenchmarkCheckJSONBody measures the check of a create request with a
// large transcript, which every POST pays before gqlgen decodes it again.
func BenchmarkCheckJSONBody(b *testing.B) {
	sentence := `{"text":"` + strings.Repeat("word ", 20) + `","startMs":0,"endMs":1}`
	sentences := strings.Repeat(sentence+",", 5000) + sentence
	body := []byte(`{"query":"mutation($i: CreateEngagementInput!) { createEngagement(input: $i) { created } }",` +
		`"variables":{"i":{"type":"CALL","transcriptTimeline":{"speakers":[{"name":"A"}],` +
		`"entries":[{"speakerIndex":0,"startMs":0,"endMs":1,"sentences":[` + sentences + `]}]}}}}`)
	b.SetBytes(int64(len(body)))
	b.ReportAllocs()
	for b.Loop() {
		if perr := checkJSONBody(body); perr != nil {
			b.Fatal(perr)
		}
	}
}
