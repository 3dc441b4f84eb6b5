package globalid

import (
	"testing"

	"github.com/google/uuid"
)

func TestEncodeDecodeRoundTrip(t *testing.T) {
	t.Parallel()
	for _, typ := range []Type{Engagement, Workspace, User, Company, Contact, ActionItem, Signal} {
		id := uuid.New()
		gotType, gotID, err := Decode(Encode(typ, id))
		if err != nil {
			t.Fatalf("Decode(Encode(%s, %s)): %v", typ, id, err)
		}
		if gotType != typ {
			t.Errorf("type = %s, want %s", gotType, typ)
		}
		if gotID != id {
			t.Errorf("id = %s, want %s", gotID, id)
		}
	}
}

func TestDecodeRejectsMalformed(t *testing.T) {
	t.Parallel()
	id := uuid.New()
	cases := map[string]string{
		"empty":             "",
		"not base64":        "!!!",
		"no colon":          encoding.EncodeToString([]byte("Engagement" + id.String())),
		"unknown type":      encoding.EncodeToString([]byte("Invoice:" + id.String())),
		"upper-case uuid":   encoding.EncodeToString([]byte("Engagement:" + upper(id.String()))),
		"braced uuid":       encoding.EncodeToString([]byte("Engagement:{" + id.String() + "}")),
		"uuid without dash": encoding.EncodeToString([]byte("Engagement:" + id.String()[:8] + id.String()[9:] + "0")),
		"padded base64":     Encode(Engagement, id) + "==",
		"too long":          Encode(Engagement, id) + Encode(Engagement, id),
		"raw uuid":          id.String(),
		"trailing newline":  Encode(Engagement, id) + "\n",
		"inner line break":  Encode(Engagement, id)[:10] + "\r\n" + Encode(Engagement, id)[10:],
	}
	for name, input := range cases {
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			if _, _, err := Decode(input); err == nil {
				t.Errorf("Decode(%q) succeeded, want ErrMalformed", input)
			}
		})
	}
}

func TestDecodeAsChecksType(t *testing.T) {
	t.Parallel()
	id := uuid.New()
	if _, err := DecodeAs(Engagement, Encode(Company, id)); err == nil {
		t.Error("DecodeAs(Engagement, a Company ID) succeeded, want ErrMalformed")
	}
	got, err := DecodeAs(Company, Encode(Company, id))
	if err != nil || got != id {
		t.Errorf("DecodeAs(Company, its own ID) = %s, %v; want %s", got, err, id)
	}
}

func FuzzDecode(f *testing.F) {
	f.Add(Encode(Engagement, uuid.New()))
	f.Add("")
	f.Add("RW5nYWdlbWVudDo")
	f.Fuzz(func(t *testing.T, s string) {
		typ, id, err := Decode(s)
		if err != nil {
			return
		}
		// Every accepted ID is the one canonical encoding of its object.
		if again := Encode(typ, id); again != s {
			t.Fatalf("Decode(%q) accepted a non-canonical ID; canonical is %q", s, again)
		}
	})
}

func upper(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'f' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}
