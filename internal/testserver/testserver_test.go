package testserver_test

import (
	"encoding/json"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"engagements/auth"
	"engagements/internal/testenv"
	"engagements/internal/testserver"
)

func TestMain(m *testing.M) { os.Exit(testenv.Main(m)) }

// viewer returns the scopes and workspace slug that the API reports for
// token.
func viewer(t *testing.T, s *testserver.Server, token string) (scopes []string, slug string) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodPost, s.GraphQLURL(),
		strings.NewReader(`{"query":"{ viewer { scopes workspace { slug } } }"}`))
	req.Header.Set("Content-Type", "application/json")
	req.Header.Set("Authorization", "Bearer "+token)
	resp, err := s.Client().Do(req)
	if err != nil {
		t.Fatalf("post: %v", err)
	}
	defer resp.Body.Close()

	var body struct {
		Data struct {
			Viewer struct {
				Scopes    []string `json:"scopes"`
				Workspace struct {
					Slug string `json:"slug"`
				} `json:"workspace"`
			} `json:"viewer"`
		} `json:"data"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&body); err != nil {
		t.Fatalf("decode response (status %d): %v", resp.StatusCode, err)
	}
	return body.Data.Viewer.Scopes, body.Data.Viewer.Workspace.Slug
}

func TestServerTokenScopes(t *testing.T) {
	t.Parallel()
	s := testserver.Start(t)

	if !strings.HasPrefix(s.URL, "http://127.0.0.1:") {
		t.Errorf("URL = %q, want a loopback address", s.URL)
	}
	readOnly := s.Token(t, auth.ScopeRead)
	scopes, slug := viewer(t, s, readOnly)
	if !slices.Equal(scopes, []string{string(auth.ScopeRead)}) {
		t.Errorf("scopes = %v, want [%s]", scopes, auth.ScopeRead)
	}

	_, otherSlug := viewer(t, s, s.Token(t, auth.ScopeRead, auth.ScopeWrite))
	if slug == "" || slug == otherSlug {
		t.Errorf("workspaces %q and %q, want two distinct ones", slug, otherSlug)
	}
	if !strings.Contains(s.Logs(), `"msg":"request"`) {
		t.Errorf("server log has no request line:\n%s", s.Logs())
	}
}

func TestServerRejectsMissingToken(t *testing.T) {
	t.Parallel()
	s := testserver.Start(t)

	resp, err := s.Client().Post(s.GraphQLURL(), "application/json", strings.NewReader(`{"query":"{ __typename }"}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized {
		t.Errorf("status = %d, want 401", resp.StatusCode)
	}
}
