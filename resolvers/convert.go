package resolvers

import (
	"engagements/engagement"
	"engagements/globalid"
	"engagements/graph/model"
)

// toGraphEngagement converts a domain engagement for the schema. The
// expansions are left to their resolvers.
func toGraphEngagement(e *engagement.Engagement) *model.Engagement {
	return &model.Engagement{
		ID:                 globalid.Encode(globalid.Engagement, e.ID),
		Key:                e.ID,
		OwnerKey:           e.OwnerID,
		Type:               model.EngagementType(e.Type),
		Title:              e.Title,
		StartedAt:          e.StartedAt,
		CreatedAt:          e.CreatedAt,
		SourceSystem:       e.SourceSystem,
		ExternalID:         e.ExternalID,
		ExternalURL:        e.ExternalURL,
		AutomationsEnabled: e.AutomationsEnabled,
		IsPrivate:          e.IsPrivate,
		TranscriptTimeline: toGraphTimeline(e.Timeline),
		PlainTranscript:    e.Transcript,
		MediaStatus:        model.MediaStatus(e.MediaStatus),
		MediaFailureReason: e.MediaFailureReason,
	}
}

func toGraphTimeline(t engagement.Timeline) *model.TranscriptTimeline {
	speakers := make([]*model.TranscriptSpeaker, len(t.Speakers))
	for i, s := range t.Speakers {
		speakers[i] = &model.TranscriptSpeaker{Index: i, Name: s.Name, Email: s.Email}
	}

	entries := make([]*model.TranscriptEntry, len(t.Entries))
	for i, e := range t.Entries {
		sentences := make([]*model.TranscriptSentence, len(e.Sentences))
		for j, s := range e.Sentences {
			sentences[j] = &model.TranscriptSentence{Text: s.Text, StartMs: s.StartMs, EndMs: s.EndMs}
		}
		entries[i] = &model.TranscriptEntry{
			SpeakerIndex: e.SpeakerIndex,
			Speaker:      speakerAt(speakers, e.SpeakerIndex),
			StartMs:      e.StartMs,
			EndMs:        e.EndMs,
			Sentences:    sentences,
		}
	}
	return &model.TranscriptTimeline{Speakers: speakers, Entries: entries}
}

// speakerAt returns the speaker at index i. Validation guarantees that
// stored entries name a declared speaker; a row that breaks this gets a
// placeholder rather than a crash.
func speakerAt(speakers []*model.TranscriptSpeaker, i int) *model.TranscriptSpeaker {
	if i >= 0 && i < len(speakers) {
		return speakers[i]
	}
	return &model.TranscriptSpeaker{Index: i}
}

func toGraphCompany(c engagement.Company) *model.Company {
	return &model.Company{ID: globalid.Encode(globalid.Company, c.ID), Name: c.Name, Domain: c.Domain}
}

func toGraphContact(c engagement.Contact) *model.Contact {
	out := &model.Contact{ID: globalid.Encode(globalid.Contact, c.ID), Name: c.Name, Email: c.Email, Phone: c.Phone}
	if c.Company != nil {
		out.Company = toGraphCompany(*c.Company)
	}
	return out
}

func toGraphUser(u engagement.User) *model.User {
	return &model.User{ID: globalid.Encode(globalid.User, u.ID), Name: u.Name, Email: u.Email}
}

func toGraphWorkspace(w engagement.Workspace) *model.Workspace {
	return &model.Workspace{
		ID:               globalid.Encode(globalid.Workspace, w.ID),
		Slug:             w.Slug,
		Name:             w.Name,
		PrivateByDefault: w.PrivateByDefault,
	}
}

func toGraphActionItem(a engagement.ActionItem) *model.ActionItem {
	return &model.ActionItem{
		ID:            globalid.Encode(globalid.ActionItem, a.ID),
		Text:          a.Text,
		AssigneeName:  a.AssigneeName,
		AssigneeEmail: a.AssigneeEmail,
		DueAt:         a.DueAt,
		Completed:     a.Completed,
		StartMs:       a.StartMs,
	}
}

func toGraphSignal(s engagement.Signal) *model.Signal {
	return &model.Signal{
		ID:           globalid.Encode(globalid.Signal, s.ID),
		Kind:         s.Kind,
		Name:         s.Name,
		Text:         s.Text,
		StartMs:      s.StartMs,
		SpeakerIndex: s.SpeakerIndex,
		Confidence:   s.Confidence,
	}
}

// convertList applies convert to every element of list.
func convertList[T, U any](list []T, convert func(T) U) []U {
	out := make([]U, len(list))
	for i, v := range list {
		out[i] = convert(v)
	}
	return out
}

func toGraphUserErrors(problems []engagement.UserError) []*model.UserError {
	out := make([]*model.UserError, len(problems))
	for i, p := range problems {
		field := p.Field
		if field == nil {
			field = []string{}
		}
		out[i] = &model.UserError{Field: field, Message: p.Message, Code: model.UserErrorCode(p.Code)}
	}
	return out
}

// fromCreateInput converts the mutation input for the domain.
func fromCreateInput(in model.CreateEngagementInput) engagement.CreateInput {
	out := engagement.CreateInput{
		Type:               engagement.Type(in.Type),
		Title:              in.Title,
		StartedAt:          in.StartedAt,
		SourceSystem:       in.SourceSystem,
		ExternalID:         in.ExternalID,
		AutomationsEnabled: in.AutomationsEnabled,
		MediaURL:           in.MediaURL,
		IsPrivate:          in.IsPrivate,
		ExternalURL:        in.ExternalURL,
		Transcript:         in.Transcript,
		OwnerEmail:         in.OwnerEmail,
	}
	for _, p := range in.Participants {
		out.Participants = append(out.Participants, engagement.Participant{
			Name: p.Name, Email: p.Email, Phone: p.Phone, CompanyName: p.CompanyName,
		})
	}
	if in.TranscriptTimeline != nil {
		out.Timeline = fromTimelineInput(in.TranscriptTimeline)
	}
	return out
}

func fromTimelineInput(in *model.TranscriptTimelineInput) *engagement.TimelineInput {
	t := &engagement.TimelineInput{
		Speakers: make([]engagement.Speaker, len(in.Speakers)),
		Entries:  make([]engagement.Entry, len(in.Entries)),
	}
	for i, s := range in.Speakers {
		t.Speakers[i] = engagement.Speaker{Name: s.Name, Email: s.Email}
	}
	for i, e := range in.Entries {
		sentences := make([]engagement.Sentence, len(e.Sentences))
		for j, s := range e.Sentences {
			sentences[j] = engagement.Sentence{Text: s.Text, StartMs: s.StartMs, EndMs: s.EndMs}
		}
		t.Entries[i] = engagement.Entry{SpeakerIndex: e.SpeakerIndex, StartMs: e.StartMs, EndMs: e.EndMs, Sentences: sentences}
	}
	return t
}
