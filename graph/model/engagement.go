package model

import (
	"strconv"
	"strings"
	"time"

	"github.com/google/uuid"
)

// Engagement is the GraphQL view of an engagement. Fields that the schema
// resolves through dataloaders (companies, contacts, owner, actionItems,
// signals) are not stored here; Key and OwnerKey feed those loaders.
type Engagement struct {
	ID                 string
	Key                uuid.UUID
	OwnerKey           *uuid.UUID
	Type               EngagementType
	Title              *string
	StartedAt          *time.Time
	CreatedAt          time.Time
	SourceSystem       *string
	ExternalID         *string
	ExternalURL        *string
	AutomationsEnabled bool
	IsPrivate          bool
	TranscriptTimeline *TranscriptTimeline
	// PlainTranscript is the deprecated plain-text transcript, when given.
	PlainTranscript    *string
	MediaURL           *string
	MediaURLExpiresAt  *time.Time
	MediaStatus        MediaStatus
	MediaFailureReason *string
}

func (Engagement) IsNode() {}

// GetID returns the opaque global ID.
func (e Engagement) GetID() string { return e.ID }

// Transcript returns the plain-text transcript when one was given, else the
// timeline rendered one line per entry as "Speaker name: sentences", else
// nil. It is computed only when a query selects the field.
func (e *Engagement) Transcript() *string {
	if e.PlainTranscript != nil {
		return e.PlainTranscript
	}
	if e.TranscriptTimeline == nil || len(e.TranscriptTimeline.Entries) == 0 {
		return nil
	}

	var b strings.Builder
	for i, entry := range e.TranscriptTimeline.Entries {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(entry.Speaker.DisplayName())
		b.WriteString(": ")
		entry.writeText(&b)
	}
	text := b.String()
	return &text
}

// TranscriptEntry is one speaker turn. Its text is joined from the sentences
// only when a query selects it.
type TranscriptEntry struct {
	SpeakerIndex int
	Speaker      *TranscriptSpeaker
	StartMs      int
	EndMs        int
	Sentences    []*TranscriptSentence
}

// Text returns the sentences of the turn joined by single spaces.
func (e *TranscriptEntry) Text() string {
	var b strings.Builder
	e.writeText(&b)
	return b.String()
}

func (e *TranscriptEntry) writeText(b *strings.Builder) {
	for i, s := range e.Sentences {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(s.Text)
	}
}

// DisplayName returns the speaker's name, else their email, else
// "Speaker N" counting from 1.
func (s *TranscriptSpeaker) DisplayName() string {
	switch {
	case s.Name != nil && *s.Name != "":
		return *s.Name
	case s.Email != nil && *s.Email != "":
		return *s.Email
	default:
		return "Speaker " + strconv.Itoa(s.Index+1)
	}
}
