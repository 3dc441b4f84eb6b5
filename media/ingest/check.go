package ingest

import (
	"context"
	"errors"

	"github.com/google/uuid"

	"engagements/engagement"
	"engagements/globalid"
	"engagements/media/blob"
	"engagements/media/fetch"
)

// Checker implements engagement.MediaChecker with a fetcher.
type Checker struct {
	Fetcher *fetch.Fetcher
}

// CheckMedia implements engagement.MediaChecker.
func (c Checker) CheckMedia(ctx context.Context, url string) (*engagement.UserError, error) {
	_, err := c.Fetcher.Check(ctx, url)
	if err == nil {
		return nil, nil
	}
	var fe *fetch.Error
	if !errors.As(err, &fe) {
		return nil, err
	}

	code := engagement.CodeMediaUnreachable
	switch fe.Kind {
	case fetch.KindUnsafeURL:
		code = engagement.CodeUnsafeURL
	case fetch.KindNotAudioOrVideo:
		code = engagement.CodeMediaNotAudioOrVideo
	}
	return &engagement.UserError{Field: []string{"mediaUrl"}, Message: fe.Message, Code: code}, nil
}

// MediaObjects finds stored media for the signed URL handler by the
// engagement's global ID.
type MediaObjects struct {
	Store interface {
		MediaObject(ctx context.Context, id uuid.UUID) (key, contentType string, err error)
	}
}

// MediaObject implements signedurl.Lookup.
func (m MediaObjects) MediaObject(ctx context.Context, id string) (key, contentType string, err error) {
	engagementID, err := globalid.DecodeAs(globalid.Engagement, id)
	if err != nil {
		return "", "", blob.ErrNotFound
	}
	key, contentType, err = m.Store.MediaObject(ctx, engagementID)
	if errors.Is(err, engagement.ErrNotFound) {
		return "", "", blob.ErrNotFound
	}
	return key, contentType, err
}
