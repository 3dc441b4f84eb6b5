package engagement

import (
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"
)

// checkParticipants adds the problems with the participants list and with
// each participant, at ["participants", position, field].
func (l *problemList) checkParticipants(participants []Participant) {
	if len(participants) > MaxParticipants {
		l.add([]string{"participants"}, CodeTooLong,
			"participants has %d entries, above the maximum of %d",
			len(participants), MaxParticipants)
	}

	for i := range participants {
		l.checkParticipant(i, &participants[i])
	}
}

func (l *problemList) checkParticipant(i int, p *Participant) {
	if isBlank(p.Name) && isBlank(p.Email) && isBlank(p.Phone) {
		l.add([]string{"participants", strconv.Itoa(i)}, CodeRequired,
			"participant %d has no name, email or phone; send at least one of them", i)
	}

	if p.Name != nil {
		if problem := checkText("name", *p.Name, MaxNameLength); problem != nil {
			l.addProblem(participantField(i, "name"), problem)
		}
	}

	if p.Email != nil {
		if problem := checkEmailField("email", *p.Email); problem != nil {
			l.addProblem(participantField(i, "email"), problem)
		}
	}

	if p.Phone != nil {
		if problem := checkStorableThen("phone", *p.Phone, checkPhone); problem != nil {
			l.addProblem(participantField(i, "phone"), problem)
		}
	}

	if p.CompanyName != nil {
		if problem := checkText("companyName", *p.CompanyName, MaxNameLength); problem != nil {
			l.addProblem(participantField(i, "companyName"), problem)
		}
	}
}

func participantField(i int, name string) []string {
	return []string{"participants", strconv.Itoa(i), name}
}

// isBlank reports whether s is absent, empty or only whitespace.
func isBlank(s *string) bool {
	return s == nil || strings.TrimSpace(*s) == ""
}

// checkPhone accepts up to MaxPhoneLength characters of ASCII digits, spaces
// and "+()-.", with at least MinPhoneDigits digits. Every failure is
// INVALID. The format of the number itself is not checked, because
// partners send both national and international forms.
func checkPhone(s string) *Problem {
	if n := utf8.RuneCountInString(s); n > MaxPhoneLength {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("phone %s is %d characters long, above the maximum of %d",
				describe(s), n, MaxPhoneLength),
		}
	}

	digits := 0
	for _, r := range s {
		switch {
		case '0' <= r && r <= '9':
			digits++
		case strings.ContainsRune(" +()-.", r):
		default:
			return &Problem{
				Code: CodeInvalid,
				Message: fmt.Sprintf("phone %s contains %q; use only digits, spaces "+
					"and the characters + ( ) - .", describe(s), r),
			}
		}
	}

	if digits < MinPhoneDigits {
		return &Problem{
			Code: CodeInvalid,
			Message: fmt.Sprintf("phone %s has %d digits, fewer than the minimum of %d",
				describe(s), digits, MinPhoneDigits),
		}
	}

	return nil
}
