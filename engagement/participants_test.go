package engagement_test

import (
	"fmt"
	"strings"
	"testing"

	"engagements/engagement"
)

func TestParticipantsLimit(t *testing.T) {
	t.Parallel()

	people := func(n int) []engagement.Participant {
		ps := make([]engagement.Participant, n)
		for i := range ps {
			ps[i].Name = ptr(fmt.Sprintf("Person %d", i))
		}
		return ps
	}

	in := validInput()
	in.Participants = people(engagement.MaxParticipants)
	requireNone(t, engagement.Validate(in, now))

	in.Participants = people(engagement.MaxParticipants + 1)
	requireOne(t, engagement.Validate(in, now), engagement.CodeTooLong, "participants")
}

func TestParticipantNeedsContact(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name        string
		participant engagement.Participant
		required    bool
	}{
		{"name only", engagement.Participant{Name: ptr("Ann")}, false},
		{"email only", engagement.Participant{Email: ptr("ann@example.com")}, false},
		{"phone only", engagement.Participant{Phone: ptr("555")}, false},
		{"nothing", engagement.Participant{}, true},
		{"company only", engagement.Participant{CompanyName: ptr("Acme")}, true},
		{"blank name", engagement.Participant{Name: ptr(" \t")}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Participants = []engagement.Participant{{Name: ptr("Ann")}, tt.participant}
			problems := engagement.Validate(in, now)
			if !tt.required {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, engagement.CodeRequired, "participants", "1")
		})
	}
}

func TestParticipantFields(t *testing.T) {
	t.Parallel()

	tests := []struct {
		name        string
		participant engagement.Participant
		code        engagement.ErrorCode // empty when accepted
		field       string
	}{
		{"name at limit", engagement.Participant{Name: ptr(strings.Repeat("é", engagement.MaxNameLength))}, "", ""},
		{"name too long", engagement.Participant{Name: ptr(strings.Repeat("a", engagement.MaxNameLength+1))}, engagement.CodeTooLong, "name"},
		{"company at limit", engagement.Participant{Name: ptr("Ann"), CompanyName: ptr(strings.Repeat("é", engagement.MaxNameLength))}, "", ""},
		{"company too long", engagement.Participant{Name: ptr("Ann"), CompanyName: ptr(strings.Repeat("a", engagement.MaxNameLength+1))}, engagement.CodeTooLong, "companyName"},
		{"email with name", engagement.Participant{Email: ptr("Ann <ann@example.com>")}, engagement.CodeInvalid, "email"},
		{"email too long", engagement.Participant{Email: ptr(strings.Repeat("a", 250) + "@b.com")}, engagement.CodeTooLong, "email"},
		{"empty email beside name", engagement.Participant{Name: ptr("Ann"), Email: ptr("")}, engagement.CodeInvalid, "email"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Participants = []engagement.Participant{tt.participant}
			problems := engagement.Validate(in, now)
			if tt.code == "" {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, tt.code, "participants", "0", tt.field)
		})
	}
}

func TestParticipantPhone(t *testing.T) {
	t.Parallel()

	tests := []struct {
		phone string
		valid bool
	}{
		{"555", true},
		{"+1 (555) 010-9999", true},
		{"+44.20.7946.0000", true},
		{strings.Repeat("1", engagement.MaxPhoneLength), true},
		{strings.Repeat("1", engagement.MaxPhoneLength+1), false},
		{"12", false},
		{"+() -.", false},
		{"", false},
		{"555-0100 ext 2", false},
		{"555\t0100", false},
		{"٥٥٥٥", false}, // Arabic-Indic digits are not ASCII digits.
		{"+1/555/0100", false},
	}
	for _, tt := range tests {
		t.Run(fmt.Sprintf("%q", tt.phone), func(t *testing.T) {
			t.Parallel()

			in := validInput()
			in.Participants = []engagement.Participant{{Name: ptr("Ann"), Phone: &tt.phone}}
			problems := engagement.Validate(in, now)
			if tt.valid {
				requireNone(t, problems)
				return
			}
			requireOne(t, problems, engagement.CodeInvalid, "participants", "0", "phone")
		})
	}
}
