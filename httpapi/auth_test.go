package httpapi_test

import (
	"context"
	"net/http"
	"strings"
	"testing"

	"engagements/auth"
)

func TestAuthRejectsBadTokens(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	valid := s.token(t, w, "ann@ourteam.example", allScopes...)

	revoked := s.token(t, w, "ann@ourteam.example", allScopes...)
	p, err := s.store.Authenticate(context.Background(), auth.HashToken(revoked))
	if err != nil {
		t.Fatal(err)
	}
	if err := s.store.RevokeToken(context.Background(), p.TokenID); err != nil {
		t.Fatal(err)
	}

	cases := map[string]string{
		"missing header":   "",
		"basic scheme":     "Basic YWxhZGRpbjpvcGVuc2VzYW1l",
		"bearer no token":  "Bearer ",
		"unknown token":    "Bearer egm_" + strings.Repeat("A", 43),
		"revoked token":    "Bearer " + revoked,
		"token with space": "Bearer " + valid + " x",
		"wrong prefix":     "Bearer " + strings.Replace(valid, "egm_", "xyz_", 1),
		"oversized token":  "Bearer egm_" + strings.Repeat("A", 5000),
		"sql in token":     "Bearer egm_' OR 1=1 --",
	}
	for name, header := range cases {
		t.Run(name, func(t *testing.T) {
			req, _ := http.NewRequest(http.MethodPost, s.URL+"/graphql", strings.NewReader(`{"query":"{ viewer { scopes } }"}`))
			req.Header.Set("Content-Type", "application/json")
			if header != "" {
				req.Header.Set("Authorization", header)
			}
			resp, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusUnauthorized {
				t.Errorf("status = %d, want 401", resp.StatusCode)
			}
			if got := resp.Header.Get("WWW-Authenticate"); !strings.HasPrefix(got, "Bearer") {
				t.Errorf("WWW-Authenticate = %q, want a Bearer challenge", got)
			}
		})
	}

	t.Run("body is a GraphQL error", func(t *testing.T) {
		resp := s.do(t, "", `{ viewer { scopes } }`, nil)
		if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "UNAUTHENTICATED" {
			t.Errorf("error codes = %v, want [UNAUTHENTICATED]", codes)
		}
		if resp.Data != nil {
			t.Errorf("data = %v, want none", resp.Data)
		}
	})

	t.Run("valid token passes", func(t *testing.T) {
		resp := s.do(t, valid, `{ viewer { scopes } }`, nil)
		if resp.Status != http.StatusOK || len(resp.Errors) > 0 {
			t.Fatalf("status %d, body %s", resp.Status, resp.Raw)
		}
	})
}

func TestScopesGuardFields(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	readOnly := s.token(t, w, "reader@ourteam.example", auth.ScopeRead)
	writeOnly := s.token(t, w, "writer@ourteam.example", auth.ScopeWrite)

	t.Run("create needs write scope", func(t *testing.T) {
		resp := s.do(t, readOnly, createMutation, map[string]any{"input": transcriptInput("scoped-1")})
		if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "FORBIDDEN" {
			t.Fatalf("error codes = %v, want [FORBIDDEN]; body %s", codes, resp.Raw)
		}
		if n := s.engagementRows(t, w); n != 0 {
			t.Errorf("engagement rows = %d after a forbidden create, want 0", n)
		}
	})

	t.Run("reads need read scope", func(t *testing.T) {
		for _, query := range []string{
			`{ engagements { nodes { id } } }`,
			`{ engagement(id: "x") { id } }`,
			`{ engagementByExternalId(externalId: "x") { id } }`,
			`{ node(id: "x") { id } }`,
		} {
			resp := s.do(t, writeOnly, query, nil)
			if codes := resp.errorCodes(); len(codes) != 1 || codes[0] != "FORBIDDEN" {
				t.Errorf("%s: error codes = %v, want [FORBIDDEN]", query, codes)
			}
		}
	})

	t.Run("viewer needs no scope", func(t *testing.T) {
		resp := s.do(t, writeOnly, `{ viewer { scopes user { email } workspace { slug } } }`, nil)
		if len(resp.Errors) > 0 {
			t.Fatalf("errors: %s", resp.Raw)
		}
		if got := path(resp.Data, "viewer", "scopes", 0); got != "engagements:write" {
			t.Errorf("scopes[0] = %v, want engagements:write", got)
		}
		if got := path(resp.Data, "viewer", "workspace", "slug"); got != w.Slug {
			t.Errorf("workspace slug = %v, want %s", got, w.Slug)
		}
	})

	t.Run("write scope creates", func(t *testing.T) {
		payload := s.create(t, writeOnly, transcriptInput("scoped-2"))
		if payload["created"] != true {
			t.Errorf("created = %v, want true", payload["created"])
		}
	})
}
