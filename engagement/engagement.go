// Package engagement holds the domain of recorded calls and meetings: the
// types, the input rules for creating one, the idempotent create flow and the
// store interface that a storage backend implements. It imports neither SQL
// nor GraphQL packages.
package engagement

import (
	"time"

	"github.com/google/uuid"
)

// Type is the kind of an engagement.
type Type string

// The engagement types. Only TypeCall and TypeMeeting can be created through
// the API; the others arrive from integrations that are not built yet.
const (
	TypeCall    Type = "CALL"
	TypeMeeting Type = "MEETING"
	TypeEmail   Type = "EMAIL"
	TypeChat    Type = "CHAT"
)

// Engagement is one recorded call or meeting in a workspace.
type Engagement struct {
	ID                 uuid.UUID
	WorkspaceID        uuid.UUID
	Type               Type
	Title              *string
	StartedAt          *time.Time
	CreatedAt          time.Time
	SourceSystem       *string
	ExternalID         *string
	ExternalURL        *string
	AutomationsEnabled bool
	IsPrivate          bool
	OwnerID            *uuid.UUID
	// CreatedBy is the user whose token created the engagement, when known.
	CreatedBy *uuid.UUID
	// MediaSourceURL is the partner's link as given at create time. It is
	// never shown to readers, who get a signed link to our own copy instead.
	MediaSourceURL *string
	MediaStatus    MediaStatus
	// MediaFailureReason is a stable snake_case reason once MediaStatus is
	// MediaFailed, such as too_large or http_status_404.
	MediaFailureReason *string
	// Transcript is the deprecated plain-text transcript, when one was given.
	Transcript *string
	Timeline   Timeline
}

// Timeline is a transcript split into speaker turns with sentence timings.
// Offsets are integer milliseconds from the start of the recording.
type Timeline struct {
	Speakers []Speaker `json:"speakers"`
	Entries  []Entry   `json:"entries"`
}

// Speaker is one voice in a timeline, referred to by its position in
// Timeline.Speakers.
type Speaker struct {
	Name  *string `json:"name,omitempty"`
	Email *string `json:"email,omitempty"`
}

// Entry is one speaker turn.
type Entry struct {
	SpeakerIndex int        `json:"speakerIndex"`
	StartMs      int        `json:"startMs"`
	EndMs        int        `json:"endMs"`
	Sentences    []Sentence `json:"sentences"`
}

// Sentence is one timed sentence inside an entry.
type Sentence struct {
	Text    string `json:"text"`
	StartMs int    `json:"startMs"`
	EndMs   int    `json:"endMs"`
}

// Workspace is a tenant. Nothing in one workspace is visible from another.
type Workspace struct {
	ID               uuid.UUID
	Slug             string
	Name             string
	PrivateByDefault bool
}

// User is a member of a workspace, identified there by email.
type User struct {
	ID          uuid.UUID
	WorkspaceID uuid.UUID
	Name        *string
	Email       string
}

// Company is an organisation that external participants belong to.
type Company struct {
	ID          uuid.UUID
	WorkspaceID uuid.UUID
	Name        string
	Domain      *string
}

// Contact is an external participant, deduplicated by email per workspace.
type Contact struct {
	ID          uuid.UUID
	WorkspaceID uuid.UUID
	Name        *string
	Email       *string
	Phone       *string
	Company     *Company
}

// ActionItem is a follow-up task taken from an engagement.
type ActionItem struct {
	ID            uuid.UUID
	EngagementID  uuid.UUID
	Text          string
	AssigneeName  *string
	AssigneeEmail *string
	DueAt         *time.Time
	Completed     bool
	StartMs       *int
}

// Signal is a notable moment detected in an engagement, such as a competitor
// mention or a pricing question.
type Signal struct {
	ID           uuid.UUID
	EngagementID uuid.UUID
	Kind         string
	Name         string
	Text         *string
	StartMs      *int
	SpeakerIndex *int
	Confidence   *float64
}
