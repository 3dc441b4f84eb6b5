package engagement

import (
	"context"
	"errors"
	"time"

	"github.com/google/uuid"
)

// Errors returned by a Store.
var (
	// ErrNotFound means the object does not exist or the viewer may not see
	// it; callers must not tell the two apart.
	ErrNotFound = errors.New("not found")
	// ErrExternalIDTaken means another engagement of the workspace already
	// has the externalId of an insert.
	ErrExternalIDTaken = errors.New("external id already used in this workspace")
)

// Viewer is the caller, reduced to what the store needs: the workspace to
// read and the facts that decide which private engagements are visible.
type Viewer struct {
	WorkspaceID uuid.UUID
	UserID      uuid.UUID
	// UserEmail is lower case; a private engagement that lists it among its
	// participants or speakers is visible to the user.
	UserEmail string
	// SeesAllPrivate is true for tokens with the engagements:private:read
	// scope.
	SeesAllPrivate bool
	// CanRead is true for tokens with the engagements:read scope. Without
	// it, a repeated create returns an existing engagement only when the
	// caller owns it.
	CanRead bool
	// PrivateByDefault is the workspace setting that decides isPrivate when
	// a create leaves it out.
	PrivateByDefault bool
}

// NewEngagement is a validated engagement ready to insert.
type NewEngagement struct {
	Engagement
	// OwnerEmail names the owner, created as a workspace user when missing.
	OwnerEmail   string
	Participants []Participant
}

// ReadOptions trims what a read loads.
type ReadOptions struct {
	// SkipTranscripts leaves Timeline and Transcript empty. Transcripts
	// can hold megabytes, so reads that will not return them skip
	// loading and decoding them.
	SkipTranscripts bool
}

// ListQuery selects one page of engagements, newest first.
type ListQuery struct {
	ReadOptions
	// Limit is the number of engagements to return.
	Limit         int
	After         *Cursor
	Types         []Type
	SourceSystem  *string
	CreatedAfter  *time.Time
	CreatedBefore *time.Time
}

// Cursor is a position in the engagements list: the createdAt and ID of
// the last engagement of the previous page.
type Cursor struct {
	CreatedAt time.Time
	ID        uuid.UUID
}

// Store persists engagements and the objects around them. Every method
// scopes its work to one workspace; methods taking a Viewer also hide
// private engagements the viewer may not see, and the objects that hang off
// them, behind ErrNotFound or an empty result.
type Store interface {
	// Insert writes e with its owner, participants, contacts and companies
	// in one transaction, together with the media ingest job when
	// e.MediaStatus is MediaPending. It returns ErrExternalIDTaken, and
	// writes nothing, when the workspace already has an engagement with
	// e.ExternalID.
	Insert(ctx context.Context, e NewEngagement) (*Engagement, error)

	// EngagementIDByExternalID returns the ID of the workspace's engagement
	// with this externalId whether or not any viewer may see it, or
	// ErrNotFound.
	EngagementIDByExternalID(ctx context.Context, workspaceID uuid.UUID, externalID string) (uuid.UUID, error)

	// Engagement returns one engagement visible to v, or ErrNotFound.
	Engagement(ctx context.Context, v Viewer, id uuid.UUID, opts ReadOptions) (*Engagement, error)

	// Engagements returns up to q.Limit engagements visible to v, ordered
	// by createdAt then ID, both descending, after q.After.
	Engagements(ctx context.Context, v Viewer, q ListQuery) ([]*Engagement, error)

	Expansions
	Nodes
}

// Expansions loads the objects around many engagements at once, for the
// dataloaders. Each method returns a map keyed by the engagement (or user)
// ID; keys with nothing to return are absent. The caller has already
// checked that v may see the engagements.
type Expansions interface {
	CompaniesByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]Company, error)
	ContactsByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]Contact, error)
	ActionItemsByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]ActionItem, error)
	SignalsByEngagement(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID][]Signal, error)
	UsersByID(ctx context.Context, workspaceID uuid.UUID, ids []uuid.UUID) (map[uuid.UUID]User, error)
}

// Nodes fetches single objects by ID for node(id:). Each returns ErrNotFound
// when the object is missing, in another workspace, or part of a private
// engagement that v may not see. Contacts and companies exist only through
// engagements, so one is visible only while v may see an engagement that
// links it: otherwise it would reveal who attended a private meeting.
type Nodes interface {
	Workspace(ctx context.Context, v Viewer, id uuid.UUID) (*Workspace, error)
	User(ctx context.Context, v Viewer, id uuid.UUID) (*User, error)
	Company(ctx context.Context, v Viewer, id uuid.UUID) (*Company, error)
	Contact(ctx context.Context, v Viewer, id uuid.UUID) (*Contact, error)
	ActionItem(ctx context.Context, v Viewer, id uuid.UUID) (*ActionItem, error)
	Signal(ctx context.Context, v Viewer, id uuid.UUID) (*Signal, error)
}
