package httpapi_test

import (
	"context"
	"fmt"
	"strings"
	"testing"

	"engagements/auth"
)

const readFull = `query Read($id: ID!) {
  engagement(id: $id) {
    id type title startedAt createdAt sourceSystem externalId externalUrl automationsEnabled isPrivate
    transcript mediaUrl
    transcriptTimeline { speakers { index name email } entries { speakerIndex speaker { index name } startMs endMs text sentences { text startMs endMs } } }
    companies { id name domain } contacts { id name email phone company { id name } }
    owner { id email name } actionItems { id text } signals { id kind name }
  }
}`

func TestCreateTranscriptOnlyAndRead(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	input := transcriptInput("call-1")
	input["title"] = "Discovery"
	input["sourceSystem"] = "dialer"
	input["externalUrl"] = "wavv://call/123"
	input["startedAt"] = "2026-03-14T10:26:53+01:00"
	payload := s.create(t, token, input)
	if payload["created"] != true {
		t.Fatalf("created = %v, want true; payload %v", payload["created"], payload)
	}
	if errs := payload["userErrors"].([]any); len(errs) != 0 {
		t.Fatalf("userErrors = %v, want none", errs)
	}
	id := path(payload, "engagement", "id").(string)

	resp := s.do(t, token, readFull, map[string]any{"id": id})
	if len(resp.Errors) > 0 {
		t.Fatalf("read errors: %s", resp.Raw)
	}
	e := path(resp.Data, "engagement")
	checks := map[string]struct{ got, want any }{
		"type":             {path(e, "type"), "CALL"},
		"title":            {path(e, "title"), "Discovery"},
		"startedAt in UTC": {path(e, "startedAt"), "2026-03-14T09:26:53Z"},
		"sourceSystem":     {path(e, "sourceSystem"), "dialer"},
		"externalUrl":      {path(e, "externalUrl"), "wavv://call/123"},
		"automations":      {path(e, "automationsEnabled"), true},
		"not private":      {path(e, "isPrivate"), false},
		"mediaUrl null":    {path(e, "mediaUrl"), nil},
		"owner is caller":  {path(e, "owner", "email"), "ann@ourteam.example"},
		"speaker index":    {path(e, "transcriptTimeline", "speakers", 1, "index"), float64(1)},
		"entry speaker":    {path(e, "transcriptTimeline", "entries", 1, "speaker", "name"), "Bob"},
		"entry text":       {path(e, "transcriptTimeline", "entries", 0, "text"), "Hello Bob. Thanks for joining."},
		"sentence end":     {path(e, "transcriptTimeline", "entries", 0, "sentences", 1, "endMs"), float64(2000)},
		"rendered":         {path(e, "transcript"), "Ann: Hello Bob. Thanks for joining.\nBob: Happy to be here."},
		"no action items":  {len(path(e, "actionItems").([]any)), 0},
		"no signals":       {len(path(e, "signals").([]any)), 0},
		"no contacts":      {len(path(e, "contacts").([]any)), 0},
		"no companies":     {len(path(e, "companies").([]any)), 0},
	}
	for name, c := range checks {
		if c.got != c.want {
			t.Errorf("%s = %#v, want %#v", name, c.got, c.want)
		}
	}
}

func TestCreateRepeatReturnsExistingUnchanged(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)

	first := transcriptInput("same-key")
	first["title"] = "First"
	first["sourceSystem"] = "dialer-a"
	firstID := s.mustCreate(t, token, first)

	second := transcriptInput("same-key")
	second["title"] = "Second"
	second["sourceSystem"] = "dialer-b"
	second["type"] = "MEETING"
	second["participants"] = []any{map[string]any{"name": "Zed", "email": "zed@other.example"}}
	payload := s.create(t, token, second)

	if payload["created"] != false {
		t.Errorf("created = %v, want false", payload["created"])
	}
	if got := path(payload, "engagement", "id"); got != firstID {
		t.Errorf("id = %v, want the first engagement %s", got, firstID)
	}
	if got := path(payload, "engagement", "title"); got != "First" {
		t.Errorf("title = %v, want the stored title First", got)
	}
	if got := path(payload, "engagement", "sourceSystem"); got != "dialer-a" {
		t.Errorf("sourceSystem = %v, want dialer-a: sourceSystem is not part of the key", got)
	}
	if n := s.engagementRows(t, w); n != 1 {
		t.Errorf("engagement rows = %d, want 1", n)
	}
	var contacts int
	_ = s.pool.QueryRow(context.Background(), `SELECT count(*) FROM contacts WHERE workspace_id = $1`, w.ID).Scan(&contacts)
	if contacts != 0 {
		t.Errorf("contacts = %d after a repeat, want 0: a repeat writes nothing", contacts)
	}
}

func TestExternalIDScopedToWorkspaceAndExact(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w1, w2 := s.workspace(t, false), s.workspace(t, false)
	t1 := s.token(t, w1, "ann@ourteam.example", allScopes...)
	t2 := s.token(t, w2, "ann@ourteam.example", allScopes...)

	id1 := s.mustCreate(t, t1, transcriptInput("shared-id"))
	payload := s.create(t, t2, transcriptInput("shared-id"))
	if payload["created"] != true {
		t.Errorf("created in second workspace = %v, want true", payload["created"])
	}
	if path(payload, "engagement", "id") == id1 {
		t.Error("second workspace got the first workspace's engagement")
	}

	for _, variant := range []string{"Shared-ID", "shared-id ", " shared-id", "shared-ıd"} {
		p := s.create(t, t1, transcriptInput(variant))
		if p["created"] != true {
			t.Errorf("externalId %q: created = %v, want true (keys compare byte for byte)", variant, p["created"])
		}
	}
}

func TestCreateHiddenPrivateExistingIsAlreadyExists(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	owner := s.token(t, w, "owner@ourteam.example", allScopes...)
	other := s.token(t, w, "other@ourteam.example", allScopes...)

	input := transcriptInput("secret-call")
	input["isPrivate"] = true
	input["title"] = "Confidential"
	s.mustCreate(t, owner, input)

	payload := s.create(t, other, transcriptInput("secret-call"))
	if payload["engagement"] != nil {
		t.Errorf("engagement = %v, want null", payload["engagement"])
	}
	if payload["created"] != false {
		t.Errorf("created = %v, want false", payload["created"])
	}
	errs := payload["userErrors"].([]any)
	if len(errs) != 1 || path(errs, 0, "code") != "ALREADY_EXISTS" || path(errs, 0, "field", 0) != "externalId" {
		t.Errorf("userErrors = %v, want one ALREADY_EXISTS on externalId", errs)
	}
	if strings.Contains(fmt.Sprint(payload), "Confidential") {
		t.Error("payload leaks the private engagement's title")
	}
	if n := s.engagementRows(t, w); n != 1 {
		t.Errorf("engagement rows = %d, want 1", n)
	}
}

func TestCreateDefaults(t *testing.T) {
	t.Parallel()
	s := newServer(t)

	t.Run("workspace private by default", func(t *testing.T) {
		w := s.workspace(t, true)
		token := s.token(t, w, "ann@ourteam.example", allScopes...)
		p := s.create(t, token, transcriptInput(""))
		if path(p, "engagement", "isPrivate") != true {
			t.Errorf("isPrivate = %v, want true from privateByDefault", path(p, "engagement", "isPrivate"))
		}
		in := transcriptInput("")
		in["isPrivate"] = false
		p = s.create(t, token, in)
		if path(p, "engagement", "isPrivate") != false {
			t.Errorf("explicit isPrivate false = %v, want false", path(p, "engagement", "isPrivate"))
		}
	})

	t.Run("public workspace", func(t *testing.T) {
		w := s.workspace(t, false)
		token := s.token(t, w, "ann@ourteam.example", allScopes...)
		p := s.create(t, token, transcriptInput(""))
		checks := map[string]struct{ got, want any }{
			"isPrivate":          {path(p, "engagement", "isPrivate"), false},
			"automationsEnabled": {path(p, "engagement", "automationsEnabled"), true},
			"externalUrl":        {path(p, "engagement", "externalUrl"), nil},
			"externalId":         {path(p, "engagement", "externalId"), nil},
		}
		for name, c := range checks {
			if c.got != c.want {
				t.Errorf("%s = %v, want %v", name, c.got, c.want)
			}
		}
	})

	t.Run("automations off is stored", func(t *testing.T) {
		w := s.workspace(t, false)
		token := s.token(t, w, "ann@ourteam.example", allScopes...)
		in := transcriptInput("")
		in["automationsEnabled"] = false
		p := s.create(t, token, in)
		if path(p, "engagement", "automationsEnabled") != false {
			t.Errorf("automationsEnabled = %v, want false", path(p, "engagement", "automationsEnabled"))
		}
	})

	t.Run("owner email creates user", func(t *testing.T) {
		w := s.workspace(t, false)
		token := s.token(t, w, "ann@ourteam.example", allScopes...)
		in := transcriptInput("")
		in["ownerEmail"] = "New.Owner@OurTeam.example"
		p := s.create(t, token, in)
		if got := path(p, "engagement", "owner", "email"); got != "new.owner@ourteam.example" {
			t.Errorf("owner email = %v, want new.owner@ourteam.example", got)
		}
	})
}

func TestParticipantsBecomeContactsAndCompanies(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	token := s.token(t, w, "ann@ourteam.example", allScopes...)
	s.token(t, w, "colleague@ourteam.example", allScopes...)

	in := transcriptInput("")
	in["participants"] = []any{
		map[string]any{"name": "Colleague", "email": "Colleague@OurTeam.example"},
		map[string]any{"name": "Bob", "email": "bob@acme.example", "companyName": "Acme Inc"},
		map[string]any{"name": "Carol", "email": "carol@acme.example"},
		map[string]any{"name": "Dan", "email": "dan@gmail.com"},
		map[string]any{"name": "Eve", "phone": "+1 555 0100", "companyName": "Solo LLC"},
	}
	p := s.create(t, token, in)
	contacts := path(p, "engagement", "contacts").([]any)
	companies := path(p, "engagement", "companies").([]any)

	emails := map[any]bool{}
	for _, c := range contacts {
		emails[path(c, "email")] = true
	}
	if emails["colleague@ourteam.example"] {
		t.Error("a workspace user became a contact; internal participants are not contacts")
	}
	if len(contacts) != 4 {
		t.Errorf("contacts = %d, want 4 (Bob, Carol, Dan, Eve)", len(contacts))
	}
	domains := map[any]int{}
	for _, c := range companies {
		domains[path(c, "domain")]++
	}
	if domains["acme.example"] != 1 {
		t.Errorf("companies with domain acme.example = %d, want 1 (deduplicated by domain)", domains["acme.example"])
	}
	if domains["gmail.com"] != 0 {
		t.Error("a free-mail domain became a company")
	}
	if len(companies) != 2 {
		t.Errorf("companies = %v, want Acme Inc and Solo LLC", companies)
	}

	// A second engagement with Bob reuses his contact and Acme.
	in2 := transcriptInput("")
	in2["participants"] = []any{map[string]any{"email": "BOB@acme.example"}}
	p2 := s.create(t, token, in2)
	if got, want := path(p2, "engagement", "contacts", 0, "name"), "Bob"; got != want {
		t.Errorf("reused contact name = %v, want %v", got, want)
	}
	var contactRows, companyRows int
	_ = s.pool.QueryRow(context.Background(), `SELECT count(*) FROM contacts WHERE workspace_id = $1 AND email = 'bob@acme.example'`, w.ID).Scan(&contactRows)
	_ = s.pool.QueryRow(context.Background(), `SELECT count(*) FROM companies WHERE workspace_id = $1 AND domain = 'acme.example'`, w.ID).Scan(&companyRows)
	if contactRows != 1 || companyRows != 1 {
		t.Errorf("rows for bob = %d and acme = %d, want 1 and 1", contactRows, companyRows)
	}
}

func TestWriteOnlyRepeatHidesOthersEngagements(t *testing.T) {
	t.Parallel()
	s := newServer(t)
	w := s.workspace(t, false)
	reader := s.token(t, w, "ann@ourteam.example", allScopes...)
	writer := s.token(t, w, "partner@ourteam.example", auth.ScopeWrite)

	in := transcriptInput("guessable-1")
	in["title"] = "Ann's call"
	s.mustCreate(t, reader, in)

	p := s.create(t, writer, transcriptInput("guessable-1"))
	if p["engagement"] != nil {
		t.Errorf("write-only token got another user's engagement: %v", p["engagement"])
	}
	errs := p["userErrors"].([]any)
	if len(errs) != 1 || path(errs, 0, "code") != "ALREADY_EXISTS" {
		t.Errorf("userErrors = %v, want one ALREADY_EXISTS", errs)
	}

	// Its own engagements still come back on a repeat, also when it
	// named another user as the owner.
	own := s.mustCreate(t, writer, transcriptInput("partner-own"))
	p = s.create(t, writer, transcriptInput("partner-own"))
	if path(p, "engagement", "id") != own || p["created"] != false {
		t.Errorf("repeat of its own create = %v, want the engagement %s with created false", p, own)
	}
	forAnn := transcriptInput("partner-for-ann")
	forAnn["ownerEmail"] = "ann@ourteam.example"
	created := s.mustCreate(t, writer, forAnn)
	p = s.create(t, writer, forAnn)
	if path(p, "engagement", "id") != created || p["created"] != false {
		t.Errorf("repeat of a create it made for Ann = %v, want the engagement %s with created false", p, created)
	}
}
