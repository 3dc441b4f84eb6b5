// Package globalid encodes the opaque IDs of the API. An ID carries the
// object's type and its random UUID, so node(id:) can resolve any object and
// no ID reveals an order or a count.
package globalid

import (
	"encoding/base64"
	"errors"
	"strings"

	"github.com/google/uuid"
)

// Type is the GraphQL type name that an ID belongs to.
type Type string

// The types that have IDs.
const (
	Engagement Type = "Engagement"
	Workspace  Type = "Workspace"
	User       Type = "User"
	Company    Type = "Company"
	Contact    Type = "Contact"
	ActionItem Type = "ActionItem"
	Signal     Type = "Signal"
)

// ErrMalformed is returned by Decode for any string that Encode could not
// have produced.
var ErrMalformed = errors.New("malformed ID")

// maxEncodedLen bounds the input that Decode looks at: the longest type name
// plus a colon and a 36-character UUID, base64-encoded.
const maxEncodedLen = 80

var encoding = base64.RawURLEncoding

// Encode returns the opaque ID of the object of type t with key id.
func Encode(t Type, id uuid.UUID) string {
	return encoding.EncodeToString([]byte(string(t) + ":" + id.String()))
}

// Decode returns the type and key inside an ID, or ErrMalformed.
func Decode(s string) (Type, uuid.UUID, error) {
	if len(s) == 0 || len(s) > maxEncodedLen {
		return "", uuid.Nil, ErrMalformed
	}
	raw, err := encoding.DecodeString(s)
	if err != nil {
		return "", uuid.Nil, ErrMalformed
	}

	name, key, ok := strings.Cut(string(raw), ":")
	if !ok || !known(Type(name)) || len(key) != 36 {
		return "", uuid.Nil, ErrMalformed
	}
	id, err := uuid.Parse(key)
	if err != nil || Encode(Type(name), id) != s {
		// Only the canonical form round-trips, so every object has exactly
		// one ID. The comparison also rejects the line breaks that the
		// base64 decoder skips and upper-case UUIDs.
		return "", uuid.Nil, ErrMalformed
	}
	return Type(name), id, nil
}

// DecodeAs returns the key of an ID of type want, or ErrMalformed when the
// ID is malformed or of another type.
func DecodeAs(want Type, s string) (uuid.UUID, error) {
	t, id, err := Decode(s)
	if err != nil || t != want {
		return uuid.Nil, ErrMalformed
	}
	return id, nil
}

func known(t Type) bool {
	switch t {
	case Engagement, Workspace, User, Company, Contact, ActionItem, Signal:
		return true
	}
	return false
}
