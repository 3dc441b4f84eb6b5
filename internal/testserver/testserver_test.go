package testserver_test

import (
	"encoding/json"
	"io"
	"net/http"
	"os"
	"slices"
	"strings"
	"testing"

	"engagements/auth"
	"engagements/internal/testenv"
	"engagements/internal/testserver"
	"engagements/playground"
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

func TestServerCredentialsWorkspace(t *testing.T) {
	t.Parallel()
	s := testserver.Start(t)

	creds := s.Credentials(t, auth.ScopeRead)
	if !strings.HasPrefix(creds.WorkspaceSlug, "e2e-") {
		t.Errorf("WorkspaceSlug = %q, want prefix e2e-", creds.WorkspaceSlug)
	}
	_, slug := viewer(t, s, creds.Token)
	if slug != creds.WorkspaceSlug {
		t.Errorf("viewer slug = %q, want Credentials.WorkspaceSlug %q", slug, creds.WorkspaceSlug)
	}
	w, err := s.Store.WorkspaceBySlug(t.Context(), creds.WorkspaceSlug)
	if err != nil {
		t.Fatalf("load workspace %q: %v", creds.WorkspaceSlug, err)
	}
	if w.ID != creds.WorkspaceID {
		t.Errorf("WorkspaceID = %s, want %s", creds.WorkspaceID, w.ID)
	}
}

func TestServerPlayground(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name       string
		opts       testserver.Options
		wantStatus int
	}{
		{"mounted", testserver.Options{Playground: true}, http.StatusOK},
		{"absent by default", testserver.Options{}, http.StatusNotFound},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			s := testserver.StartWith(t, tt.opts)

			resp, err := s.Client().Get(s.URL + "/")
			if err != nil {
				t.Fatalf("get /: %v", err)
			}
			body, err := io.ReadAll(resp.Body)
			resp.Body.Close()
			if err != nil {
				t.Fatalf("read /: %v", err)
			}
			if resp.StatusCode != tt.wantStatus {
				t.Fatalf("GET / status = %d, want %d", resp.StatusCode, tt.wantStatus)
			}
			if tt.wantStatus != http.StatusOK {
				return
			}
			if ct := resp.Header.Get("Content-Type"); !strings.HasPrefix(ct, "text/html") {
				t.Errorf("Content-Type = %q, want text/html", ct)
			}
			if !strings.Contains(string(body), playground.AssetPrefix) {
				t.Errorf("page does not load assets from %s:\n%s", playground.AssetPrefix, body)
			}
		})
	}
}
