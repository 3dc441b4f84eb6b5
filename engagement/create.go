package engagement

import (
	"context"
	"errors"
	"fmt"
	"log/slog"
	"time"

	"github.com/google/uuid"
)

// Service runs the create flow on top of a Store and a KeyLocker.
type Service struct {
	Store  Store
	Locker KeyLocker
	Media  MediaChecker
	Logger *slog.Logger
	Now    func() time.Time
	// OnReplay, when set, is called for each create that returns an
	// existing engagement, for metrics.
	OnReplay func()
}

// CreateResult is the outcome of Create. When UserErrors is not empty,
// Engagement is nil and nothing was written.
type CreateResult struct {
	Engagement *Engagement
	Created    bool
	UserErrors []UserError
}

// Create validates in and creates the engagement in v's workspace. When
// the workspace already has an engagement with in.ExternalID, Create
// returns it unchanged with Created false and writes nothing. When that
// engagement is private and hidden from v, Create returns an
// ALREADY_EXISTS user error instead of its data. Concurrent creates with one externalId
// wait on the KeyLocker for the first; a wait that times out returns an
// error wrapping ErrKeyInUse.
func (s *Service) Create(ctx context.Context, v Viewer, in CreateInput) (CreateResult, error) {
	if problems := Validate(in, s.Now()); len(problems) > 0 {
		return CreateResult{UserErrors: problems}, nil
	}

	if in.ExternalID != nil {
		release, err := s.lock(ctx, v.WorkspaceID, *in.ExternalID)
		if err != nil {
			return CreateResult{}, err
		}
		defer release()

		result, found, err := s.existing(ctx, v, *in.ExternalID)
		if err != nil || found {
			s.replayed(found)
			return result, err
		}
	}

	ne := s.newEngagement(v, in)
	if ne.MediaSourceURL != nil {
		if s.Media == nil {
			return CreateResult{}, errors.New("create with mediaUrl: no media checker configured")
		}
		// Checked only now, after the externalId lookup, so that a repeat
		// never fetches the partner's URL.
		problem, err := s.Media.CheckMedia(ctx, *ne.MediaSourceURL)
		if err != nil {
			return CreateResult{}, fmt.Errorf("check media url: %w", err)
		}
		if problem != nil {
			return CreateResult{UserErrors: []UserError{*problem}}, nil
		}
		ne.MediaStatus = MediaPending
	}

	created, err := s.Store.Insert(ctx, ne)
	if errors.Is(err, ErrExternalIDTaken) {
		// Another instance won the race without the lock (Redis was down
		// or the lock expired); the unique constraint kept it to one row.
		result, found, err := s.existing(ctx, v, *in.ExternalID)
		s.replayed(found)
		return result, err
	}
	if err != nil {
		return CreateResult{}, fmt.Errorf("insert engagement: %w", err)
	}

	s.Logger.InfoContext(ctx, "engagement created",
		"workspace_id", v.WorkspaceID, "engagement_id", created.ID)
	return CreateResult{Engagement: created, Created: true}, nil
}

func (s *Service) replayed(found bool) {
	if found && s.OnReplay != nil {
		s.OnReplay()
	}
}

// lock takes the idempotency lock for externalID. When the lock service is
// down it logs and goes on unlocked, because the database constraint alone
// keeps creates unique.
func (s *Service) lock(ctx context.Context, workspaceID uuid.UUID, externalID string) (func(), error) {
	release, err := s.Locker.Lock(ctx, workspaceID.String()+":"+externalID)
	if errors.Is(err, ErrLockUnavailable) {
		s.Logger.WarnContext(ctx, "creating without idempotency lock",
			"workspace_id", workspaceID, "err", err)
		return func() {}, nil
	}
	if err != nil {
		return nil, fmt.Errorf("lock external id: %w", err)
	}
	return release, nil
}

// existing returns the result for a create whose externalId is already
// used, with found false when it is not.
func (s *Service) existing(ctx context.Context, v Viewer, externalID string) (CreateResult, bool, error) {
	id, err := s.Store.EngagementIDByExternalID(ctx, v.WorkspaceID, externalID)
	if errors.Is(err, ErrNotFound) {
		return CreateResult{}, false, nil
	}
	if err != nil {
		return CreateResult{}, false, fmt.Errorf("look up external id: %w", err)
	}

	e, err := s.Store.Engagement(ctx, v, id, ReadOptions{})
	if errors.Is(err, ErrNotFound) {
		return alreadyExists(externalID, "that you may not see"), true, nil
	}
	if err != nil {
		return CreateResult{}, false, fmt.Errorf("read existing engagement: %w", err)
	}
	if !v.CanRead && !isUser(e.OwnerID, v.UserID) && !isUser(e.CreatedBy, v.UserID) {
		// A token that may only write must not read others' engagements by
		// guessing their externalId. The message is the same as for a
		// private one, so it does not tell the two apart.
		return alreadyExists(externalID, "that you may not see"), true, nil
	}
	return CreateResult{Engagement: e}, true, nil
}

func isUser(id *uuid.UUID, user uuid.UUID) bool {
	return id != nil && *id == user
}

func alreadyExists(externalID, why string) CreateResult {
	return CreateResult{UserErrors: []UserError{{
		Field:   []string{"externalId"},
		Message: fmt.Sprintf("externalId %q is already used by an engagement in this workspace %s; use another externalId", externalID, why),
		Code:    CodeAlreadyExists,
	}}}
}

// newEngagement turns valid input into the row to insert, filling the
// defaults: automations on, privacy from the workspace, the caller as
// owner.
func (s *Service) newEngagement(v Viewer, in CreateInput) NewEngagement {
	e := Engagement{
		ID:                 uuid.New(),
		WorkspaceID:        v.WorkspaceID,
		Type:               in.Type,
		Title:              in.Title,
		StartedAt:          in.StartedAt,
		CreatedAt:          s.Now().UTC().Truncate(time.Microsecond),
		SourceSystem:       in.SourceSystem,
		ExternalID:         in.ExternalID,
		ExternalURL:        in.ExternalURL,
		AutomationsEnabled: in.AutomationsEnabled == nil || *in.AutomationsEnabled,
		IsPrivate:          v.PrivateByDefault,
		MediaStatus:        MediaNone,
		CreatedBy:          &v.UserID,
		MediaSourceURL:     nonEmpty(in.MediaURL),
		Transcript:         in.Transcript,
	}
	if in.IsPrivate != nil {
		e.IsPrivate = *in.IsPrivate
	}
	if in.Timeline != nil {
		e.Timeline = Timeline{Speakers: in.Timeline.Speakers, Entries: in.Timeline.Entries}
	}

	owner := v.UserEmail
	if in.OwnerEmail != nil {
		owner = NormalizeEmail(*in.OwnerEmail)
	}
	return NewEngagement{Engagement: e, OwnerEmail: owner, Participants: in.Participants}
}

func nonEmpty(s *string) *string {
	if s == nil || *s == "" {
		return nil
	}
	return s
}
