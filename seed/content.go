package seed

import (
	"math/rand/v2"
	"slices"
	"strings"
	"time"

	"github.com/google/uuid"

	"engagements/engagement"
)

// timeline returns a timed conversation between the owner and the guests:
// 6 to 14 turns of 1 to 3 sentences, a few seconds each.
func (g *generator) timeline(owner person, guests []int) engagement.Timeline {
	t := engagement.Timeline{Speakers: []engagement.Speaker{speaker(owner)}}
	for _, c := range guests {
		t.Speakers = append(t.Speakers, speaker(g.contacts[c]))
	}

	at := 0
	for range 6 + g.rng.IntN(9) {
		entry := engagement.Entry{SpeakerIndex: g.rng.IntN(len(t.Speakers)), StartMs: at}
		for range 1 + g.rng.IntN(3) {
			length := 1500 + g.rng.IntN(4000)
			entry.Sentences = append(entry.Sentences, engagement.Sentence{
				Text: pick(g.rng, sentences), StartMs: at, EndMs: at + length,
			})
			at += length
		}
		entry.EndMs = at
		t.Entries = append(t.Entries, entry)
		at += 200 + g.rng.IntN(1500)
	}
	return t
}

func speaker(p person) engagement.Speaker {
	name, email := p.name, p.email
	return engagement.Speaker{Name: &name, Email: &email}
}

// addInsights adds 0 to 3 action items and 0 to 5 signals taken from the
// timeline's turns.
func (g *generator) addInsights(d *dataset, engagementID uuid.UUID, owner person, t engagement.Timeline) {
	for pos := range g.rng.IntN(4) {
		entry := t.Entries[g.rng.IntN(len(t.Entries))]
		due := time.Now().UTC().Add(time.Duration(1+g.rng.IntN(14)) * 24 * time.Hour).Truncate(time.Hour)
		d.actionItems = append(d.actionItems, []any{uuid.New(), g.workspaceID, engagementID, pos + 1,
			pick(g.rng, actionItems), owner.name, owner.email, due, g.rng.IntN(4) == 0, entry.StartMs})
	}
	for pos := range g.rng.IntN(6) {
		entryIndex := g.rng.IntN(len(t.Entries))
		entry := t.Entries[entryIndex]
		kind, name := pickSignal(g.rng)
		d.signals = append(d.signals, []any{uuid.New(), g.workspaceID, engagementID, pos + 1, kind, name,
			entry.Sentences[0].Text, entry.StartMs, entry.SpeakerIndex, 0.5 + g.rng.Float64()/2})
	}
}

func pickSignal(rng *rand.Rand) (kind, name string) {
	s := signals[rng.IntN(len(signals))]
	return s[0], s[1]
}

func pick(rng *rand.Rand, list []string) string { return list[rng.IntN(len(list))] }

func lower(s string) string { return strings.ToLower(strings.ReplaceAll(s, " ", "")) }

func containsID(ids []uuid.UUID, id uuid.UUID) bool { return slices.Contains(ids, id) }

func containsInt(list []int, v int) bool { return slices.Contains(list, v) }

var (
	firstNames   = []string{"Ava", "Ben", "Chloe", "Diego", "Emma", "Farid", "Grace", "Hiro", "Isla", "Jonas", "Kemi", "Liam", "Mia", "Noah", "Olga", "Priya", "Quinn", "Rosa", "Sam", "Tariq"}
	lastNames    = []string{"Adams", "Brown", "Chen", "Dubois", "Evans", "Fischer", "Garcia", "Huang", "Ivanova", "Jensen", "Kowalski", "Lopez", "Moreau", "Nakamura", "Okafor", "Patel"}
	companyNames = []string{"Northwind", "Contoso", "Globex", "Initech", "Umbrella", "Hooli", "Stark Industries", "Wayne Enterprises", "Acme", "Soylent"}
	meetingKinds = []string{"Discovery call", "Demo", "Pricing review", "Quarterly business review", "Onboarding kickoff", "Renewal check-in"}
	sentences    = []string{
		"Thanks for making time today.",
		"Could you walk me through how your team handles this now?",
		"We mostly track calls in spreadsheets, which gets messy.",
		"That makes sense, and it is a common starting point.",
		"What would success look like for you by the end of the quarter?",
		"Pricing is a big question for our finance team.",
		"We are also looking at a competitor, to be honest.",
		"Let me share my screen and show you the dashboard.",
		"How long does the integration usually take?",
		"Most teams are live within two weeks.",
		"Can you send over the security questionnaire?",
		"I will loop in our head of operations next time.",
		"Let's plan a follow-up for next Tuesday.",
		"The recap email after each call would save us hours.",
	}
	actionItems = []string{
		"Send the pricing proposal",
		"Share the security questionnaire",
		"Schedule a follow-up demo with operations",
		"Set up a trial workspace",
		"Send the integration guide",
	}
	signals = [][2]string{
		{"topic", "pricing"}, {"topic", "integration"}, {"topic", "security"},
		{"competitor", "Globex"}, {"sentiment", "positive"}, {"next_step", "follow_up_meeting"},
	}
)
