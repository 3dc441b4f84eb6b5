package httpapi_test

import (
	"context"
	"testing"

	"github.com/google/uuid"

	"engagements/auth"
	"engagements/globalid"
)

// readers lists the ways to look up one engagement; each returns whether
// the engagement came back.
func visibleTo(t *testing.T, s *apiServer, token, id, externalID string) map[string]bool {
	t.Helper()
	seen := map[string]bool{}

	resp := s.do(t, token, `query($id: ID!) { engagement(id: $id) { id } }`, map[string]any{"id": id})
	seen["engagement"] = path(resp.Data, "engagement", "id") == id

	resp = s.do(t, token, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": id})
	seen["node"] = path(resp.Data, "node", "id") == id

	resp = s.do(t, token, `query($x: String!) { engagementByExternalId(externalId: $x) { id } }`, map[string]any{"x": externalID})
	seen["byExternalId"] = path(resp.Data, "engagementByExternalId", "id") == id

	resp = s.do(t, token, `{ engagements(first: 100) { nodes { id } } }`, nil)
	for _, n := range path(resp.Data, "engagements", "nodes").([]any) {
		if path(n, "id") == id {
			seen["list"] = true
		}
	}
	return seen
}

func TestPrivateEngagementVisibility(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	owner := s.token(t, w, "owner@ourteam.example", allScopes...)

	in := transcriptInput("private-1")
	in["isPrivate"] = true
	in["participants"] = []any{map[string]any{"name": "Pat", "email": "PAT@ourteam.example"}}
	speakers := in["transcriptTimeline"].(map[string]any)["speakers"].([]any)
	speakers[0].(map[string]any)["email"] = "speaker@ourteam.example"
	id := s.mustCreate(t, owner, in)

	cases := []struct {
		name    string
		token   string
		visible bool
	}{
		{"owner", owner, true},
		{"participant user", s.token(t, w, "pat@ourteam.example", auth.ScopeRead), true},
		{"speaker user", s.token(t, w, "speaker@ourteam.example", auth.ScopeRead), true},
		{"private read scope", s.token(t, w, "auditor@ourteam.example", auth.ScopeRead, auth.ScopePrivateRead), true},
		{"other user", s.token(t, w, "other@ourteam.example", auth.ScopeRead), false},
		{"other user with write", s.token(t, w, "other2@ourteam.example", auth.ScopeRead, auth.ScopeWrite), false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			for how, seen := range visibleTo(t, s, c.token, id, "private-1") {
				if seen != c.visible {
					t.Errorf("%s: visible = %v, want %v", how, seen, c.visible)
				}
			}
		})
	}
}

func TestWorkspaceIsolation(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	home, away := s.workspace(t, false), s.workspace(t, false)
	homeToken := s.token(t, home, "ann@ourteam.example", allScopes...)
	// The same email in another workspace is another user, even with the
	// private read scope.
	awayToken := s.token(t, away, "ann@ourteam.example", auth.ScopeRead, auth.ScopeWrite, auth.ScopePrivateRead)

	in := transcriptInput("isolated")
	in["participants"] = []any{map[string]any{"name": "Bob", "email": "bob@acme.example"}}
	id := s.mustCreate(t, homeToken, in)

	for how, seen := range visibleTo(t, s, awayToken, id, "isolated") {
		if seen {
			t.Errorf("%s: another workspace sees the engagement", how)
		}
	}

	resp := s.do(t, homeToken, `query($id: ID!) { engagement(id: $id) { owner { id } contacts { id company { id } } } }`, map[string]any{"id": id})
	ids := []any{
		path(resp.Data, "engagement", "owner", "id"),
		path(resp.Data, "engagement", "contacts", 0, "id"),
		path(resp.Data, "engagement", "contacts", 0, "company", "id"),
		globalid.Encode(globalid.Workspace, home.ID),
	}
	for _, nodeID := range ids {
		resp := s.do(t, awayToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": nodeID})
		if path(resp.Data, "node") != nil {
			t.Errorf("node(%v) from another workspace = %v, want null", nodeID, path(resp.Data, "node"))
		}
		resp = s.do(t, homeToken, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": nodeID})
		if path(resp.Data, "node", "id") != nodeID {
			t.Errorf("node(%v) in its own workspace = %v, want it", nodeID, path(resp.Data, "node"))
		}
	}

	// A create in the other workspace with the same externalId must not
	// return the home workspace's engagement.
	p := s.create(t, awayToken, transcriptInput("isolated"))
	if path(p, "engagement", "id") == id {
		t.Error("create in another workspace returned this workspace's engagement")
	}
}

func TestNodeResolvesEveryTypeAndHidesPrivateParts(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	owner := s.token(t, w, "owner@ourteam.example", allScopes...)
	other := s.token(t, w, "other@ourteam.example", auth.ScopeRead)

	in := transcriptInput("with-insights")
	in["isPrivate"] = true
	in["participants"] = []any{map[string]any{"name": "Bob", "email": "bob@acme.example"}}
	id := s.mustCreate(t, owner, in)
	key, _ := globalid.DecodeAs(globalid.Engagement, id)

	// Action items and signals come from processing, not from the API.
	ctx := context.Background()
	actionID, signalID := uuid.New(), uuid.New()
	if _, err := s.pool.Exec(ctx, `INSERT INTO action_items (id, workspace_id, engagement_id, position, text) VALUES ($1, $2, $3, 1, 'Send pricing')`, actionID, w.ID, key); err != nil {
		t.Fatal(err)
	}
	if _, err := s.pool.Exec(ctx, `INSERT INTO signals (id, workspace_id, engagement_id, position, kind, name) VALUES ($1, $2, $3, 1, 'topic', 'pricing')`, signalID, w.ID, key); err != nil {
		t.Fatal(err)
	}

	resp := s.do(t, owner, `query($id: ID!) { engagement(id: $id) { owner { id } contacts { id } companies { id } actionItems { id text } signals { id name } } }`, map[string]any{"id": id})
	nodes := map[string]any{
		"Engagement": id,
		"User":       path(resp.Data, "engagement", "owner", "id"),
		"Contact":    path(resp.Data, "engagement", "contacts", 0, "id"),
		"Company":    path(resp.Data, "engagement", "companies", 0, "id"),
		"ActionItem": path(resp.Data, "engagement", "actionItems", 0, "id"),
		"Signal":     path(resp.Data, "engagement", "signals", 0, "id"),
	}
	if nodes["ActionItem"] != globalid.Encode(globalid.ActionItem, actionID) {
		t.Fatalf("action item ID = %v, want the inserted one", nodes["ActionItem"])
	}

	for typ, nodeID := range nodes {
		resp := s.do(t, owner, `query($id: ID!) { node(id: $id) { id __typename } }`, map[string]any{"id": nodeID})
		if path(resp.Data, "node", "__typename") != typ {
			t.Errorf("owner: node(%s) typename = %v, want %s", typ, path(resp.Data, "node", "__typename"), typ)
		}
		if typ == "User" {
			continue // Users are workspace members, not part of the engagement.
		}
		resp = s.do(t, other, `query($id: ID!) { node(id: $id) { id } }`, map[string]any{"id": nodeID})
		if path(resp.Data, "node") != nil {
			t.Errorf("other user: node(%s) = %v, want null for part of a private engagement", typ, path(resp.Data, "node"))
		}
	}

	for name, bad := range map[string]string{
		"malformed":  "not-an-id",
		"unknown":    globalid.Encode(globalid.Engagement, uuid.New()),
		"empty":      "",
		"wrong type": globalid.Encode(globalid.Company, key),
	} {
		resp := s.do(t, owner, `query($id: ID!) { node(id: $id) { id } engagement(id: $id) { id } }`, map[string]any{"id": bad})
		if len(resp.Errors) > 0 {
			t.Errorf("%s ID: errors %s, want null without errors", name, resp.Raw)
		}
		if path(resp.Data, "node") != nil || path(resp.Data, "engagement") != nil {
			t.Errorf("%s ID: got %v, want nulls", name, resp.Data)
		}
	}
}
