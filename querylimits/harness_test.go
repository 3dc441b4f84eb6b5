package querylimits_test

import (
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/99designs/gqlgen/graphql"
	"github.com/99designs/gqlgen/graphql/handler"
	"github.com/99designs/gqlgen/graphql/handler/extension"
	"github.com/99designs/gqlgen/graphql/handler/transport"

	"engagements/graph"
	"engagements/querylimits"
)

// parserTokenLimit is the token limit of the production handler, so that the
// hostile documents here are the ones the server would accept for parsing.
const parserTokenLimit = 15000

// newServer starts an HTTP server with the GraphQL handler built the way
// the production handler is, with the limits of cfg.
func newServer(t *testing.T, cfg querylimits.Config) *httptest.Server {
	t.Helper()
	schema := graph.NewExecutableSchema(graph.Config{
		Resolvers: stubResolver{},
		Directives: graph.DirectiveRoot{RequiresScope: func(ctx context.Context, _ any, next graphql.Resolver, _ string) (any, error) {
			return next(ctx)
		}},
		Complexity: querylimits.Complexity(),
	})

	srv := handler.New(schema)
	srv.AddTransport(transport.POST{})
	srv.SetParserTokenLimit(parserTokenLimit)
	srv.Use(extension.Introspection{})
	srv.Use(querylimits.Extension(cfg))

	ts := httptest.NewServer(srv)
	t.Cleanup(ts.Close)
	return ts
}

// gqlError is one entry of a response's errors.
type gqlError struct {
	Message    string         `json:"message"`
	Extensions map[string]any `json:"extensions"`
}

// response is a decoded GraphQL response with its HTTP status and raw body.
type response struct {
	Status     int
	Raw        string
	Data       map[string]any             `json:"data"`
	Errors     []gqlError                 `json:"errors"`
	Extensions map[string]json.RawMessage `json:"extensions"`
}

// code returns the extensions.code of the first error, or "" without one.
func (r response) code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	code, _ := r.Errors[0].Extensions["code"].(string)
	return code
}

// cost decodes extensions.cost, reporting false when it is missing.
func (r response) cost(t *testing.T) (querylimits.Cost, bool) {
	t.Helper()
	raw, ok := r.Extensions["cost"]
	if !ok {
		return querylimits.Cost{}, false
	}
	var c querylimits.Cost
	if err := json.Unmarshal(raw, &c); err != nil {
		t.Fatalf("decode extensions.cost %s: %v", raw, err)
	}
	return c, true
}

// post sends query with variables to ts.
func post(t *testing.T, ts *httptest.Server, query string, variables map[string]any) response {
	t.Helper()
	body, err := json.Marshal(map[string]any{"query": query, "variables": variables})
	if err != nil {
		t.Fatalf("encode request: %v", err)
	}
	return postBody(t, ts, body)
}

// postBody sends a raw JSON request body to ts.
func postBody(t *testing.T, ts *httptest.Server, body []byte) response {
	t.Helper()
	resp, err := http.Post(ts.URL, "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()

	raw, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("read response: %v", err)
	}
	r := response{Status: resp.StatusCode, Raw: string(raw)}
	if err := json.Unmarshal(raw, &r); err != nil {
		t.Fatalf("decode response %.500s: %v", raw, err)
	}
	return r
}

// repeat joins n copies of the selection built by part(i), for i from 1.
func repeat(n int, part func(i int) string) string {
	var b strings.Builder
	for i := 1; i <= n; i++ {
		b.WriteString(part(i))
		b.WriteByte(' ')
	}
	return b.String()
}
