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

// shownDetails is what a reader sees of one participant.
type shownDetails struct {
	name, phone, company any
}

func detailsOf(contact any) shownDetails {
	return shownDetails{path(contact, "name"), path(contact, "phone"), path(contact, "company", "name")}
}

// engagementParts reads the contacts of an engagement by email and the
// names of its companies by domain, with their IDs.
func engagementParts(t *testing.T, s *apiServer, token, id string) (contacts, companies map[string]any) {
	t.Helper()
	resp := s.do(t, token, `query($id: ID!) { engagement(id: $id) {
		contacts { id name email phone company { id name } } companies { id name domain } } }`,
		map[string]any{"id": id})
	if path(resp.Data, "engagement") == nil {
		t.Fatalf("engagement %s not found: %s", id, resp.Raw)
	}
	contacts, companies = map[string]any{}, map[string]any{}
	for _, c := range path(resp.Data, "engagement", "contacts").([]any) {
		contacts[path(c, "email").(string)] = c
	}
	for _, c := range path(resp.Data, "engagement", "companies").([]any) {
		companies[path(c, "domain").(string)] = c
	}
	return contacts, companies
}

func TestParticipantDetailsPerEngagement(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	ann := s.token(t, w, "ann@ourteam.example", allScopes...)
	carol := s.token(t, w, "carol@ourteam.example", allScopes...)
	auditor := s.token(t, w, "auditor@ourteam.example", auth.ScopeRead, auth.ScopePrivateRead)

	secret := transcriptInput("secret-call")
	secret["isPrivate"] = true
	secret["participants"] = []any{
		map[string]any{"name": "Sam", "email": "sam@secretco.example", "phone": "+1 555 0101", "companyName": "Secretco"},
		map[string]any{"name": "Kim", "email": "kim@hidden.example", "phone": "+1 555 0102", "companyName": "Hidden Corp"},
	}
	secretID := s.mustCreate(t, ann, secret)

	// Carol cannot see the private engagement. She names Sam her own way
	// and gives only Kim's email.
	open := transcriptInput("open-call")
	open["participants"] = []any{
		map[string]any{"name": "Sam2", "email": "sam@secretco.example", "companyName": "Other Inc"},
		map[string]any{"email": "kim@hidden.example"},
	}
	payload := s.create(t, carol, open)
	openID, _ := path(payload, "engagement", "id").(string)
	created := map[string]shownDetails{}
	for _, c := range path(payload, "engagement", "contacts").([]any) {
		created[path(c, "email").(string)] = detailsOf(c)
	}
	createdCompanies := map[any]any{}
	for _, c := range path(payload, "engagement", "companies").([]any) {
		createdCompanies[path(c, "domain")] = path(c, "name")
	}

	// A create with only an email takes the details of the newest public
	// engagement, never those of a private one. Within one engagement, a
	// given company name beats the domain, even when the domain sorts first.
	echo := transcriptInput("echo-call")
	echo["participants"] = []any{
		map[string]any{"email": "SAM@secretco.example"},
		map[string]any{"email": "lee@acme2.example"},
		map[string]any{"email": "max@acme2.example", "companyName": "the acme group"},
	}
	echoContacts, echoCompanies := engagementParts(t, s, carol, s.mustCreate(t, carol, echo))

	// Ann records Sam again, privately and last, so the newest details of
	// the shared contact are hidden from Carol.
	later := transcriptInput("secret-call-2")
	later["isPrivate"] = true
	later["participants"] = []any{
		map[string]any{"name": "Sam Newest", "email": "sam@secretco.example", "companyName": "Secretco Newest"},
	}
	s.mustCreate(t, ann, later)

	annContacts, annCompanies := engagementParts(t, s, ann, secretID)
	carolContacts, carolCompanies := engagementParts(t, s, carol, openID)

	sam := shownDetails{"Sam", "+1 555 0101", "Secretco"}
	kim := shownDetails{"Kim", "+1 555 0102", "Hidden Corp"}
	sam2 := shownDetails{"Sam2", nil, "Other Inc"}
	kimByEmail := shownDetails{nil, nil, "hidden.example"}
	cases := []struct {
		name      string
		got, want shownDetails
	}{
		{"carol's create shows her sam", created["sam@secretco.example"], sam2},
		{"carol's create shows only kim's email", created["kim@hidden.example"], kimByEmail},
		{"carol's read shows her sam", detailsOf(carolContacts["sam@secretco.example"]), sam2},
		{"carol's read shows only kim's email", detailsOf(carolContacts["kim@hidden.example"]), kimByEmail},
		{"ann's sam not rewritten", detailsOf(annContacts["sam@secretco.example"]), sam},
		{"ann's kim not rewritten", detailsOf(annContacts["kim@hidden.example"]), kim},
		{"email-only create copies public details", detailsOf(echoContacts["sam@secretco.example"]), sam2},
		{"colleague takes given company name", detailsOf(echoContacts["lee@acme2.example"]), shownDetails{nil, nil, "the acme group"}},
	}
	for _, c := range cases {
		if c.got != c.want {
			t.Errorf("%s: got %+v, want %+v", c.name, c.got, c.want)
		}
	}

	companyNames := []struct {
		name      string
		got, want any
	}{
		{"carol's create, secretco.example", createdCompanies["secretco.example"], "Other Inc"},
		{"carol's create, hidden.example", createdCompanies["hidden.example"], "hidden.example"},
		{"carol's read, secretco.example", path(carolCompanies["secretco.example"], "name"), "Other Inc"},
		{"carol's read, hidden.example", path(carolCompanies["hidden.example"], "name"), "hidden.example"},
		{"ann's read, secretco.example", path(annCompanies["secretco.example"], "name"), "Secretco"},
		{"ann's read, hidden.example", path(annCompanies["hidden.example"], "name"), "Hidden Corp"},
		{"echo read, acme2.example", path(echoCompanies["acme2.example"], "name"), "the acme group"},
	}
	for _, c := range companyNames {
		if c.got != c.want {
			t.Errorf("company name in %s = %v, want %v", c.name, c.got, c.want)
		}
	}

	// The contact row is only the shared identity and keeps the details it
	// was created with.
	var storedName string
	err := s.pool.QueryRow(context.Background(),
		`SELECT name FROM contacts WHERE workspace_id = $1 AND email = 'sam@secretco.example'`, w.ID).Scan(&storedName)
	if err != nil {
		t.Fatal(err)
	}
	if storedName != "Sam" {
		t.Errorf("contacts.name = %q after later creates, want the first one, Sam", storedName)
	}

	// node(id:) takes the ID from Ann's view, as if it had leaked. Contacts
	// and companies are shared, so Carol may resolve it, but only to
	// details from engagements she may see.
	annSam := annContacts["sam@secretco.example"]
	annKim := annContacts["kim@hidden.example"]
	nodes := []struct {
		name  string
		token string
		id    any
		want  shownDetails
	}{
		{"carol, sam", carol, path(annSam, "id"), sam2},
		{"carol, kim", carol, path(annKim, "id"), kimByEmail},
		{"auditor, sam is newest", auditor, path(annSam, "id"), shownDetails{"Sam Newest", nil, "Secretco Newest"}},
		{"ann, kim", ann, path(annKim, "id"), kimByEmail},
	}
	for _, n := range nodes {
		t.Run("contact node "+n.name, func(t *testing.T) {
			resp := s.do(t, n.token, `query($id: ID!) { node(id: $id) { ... on Contact { name phone company { name } } } }`,
				map[string]any{"id": n.id})
			if got := detailsOf(path(resp.Data, "node")); got != n.want {
				t.Errorf("node = %+v, want %+v; response %s", got, n.want, resp.Raw)
			}
		})
	}

	companyNodes := []struct {
		name  string
		token string
		id    any
		want  string
	}{
		{"carol, secretco", carol, path(annSam, "company", "id"), "Other Inc"},
		{"carol, hidden", carol, path(annKim, "company", "id"), "hidden.example"},
		{"auditor, secretco is newest", auditor, path(annSam, "company", "id"), "Secretco Newest"},
	}
	for _, n := range companyNodes {
		t.Run("company node "+n.name, func(t *testing.T) {
			resp := s.do(t, n.token, `query($id: ID!) { node(id: $id) { ... on Company { name } } }`,
				map[string]any{"id": n.id})
			if got := path(resp.Data, "node", "name"); got != n.want {
				t.Errorf("node name = %v, want %v; response %s", got, n.want, resp.Raw)
			}
		})
	}
}
