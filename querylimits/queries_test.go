package querylimits_test

// engagementFields selects every field of Engagement with every expansion.
const engagementFields = `
  id type title startedAt createdAt sourceSystem externalId externalUrl automationsEnabled isPrivate
  transcript mediaUrl mediaUrlExpiresAt mediaStatus mediaFailureReason
  transcriptTimeline {
    speakers { index name email }
    entries { speakerIndex speaker { index name email } startMs endMs text sentences { text startMs endMs } }
  }
  companies { id name domain }
  contacts { id name email phone company { id name domain } }
  owner { id name email }
  actionItems { id text assigneeName assigneeEmail dueAt completed startMs }
  signals { id kind name text startMs speakerIndex confidence }`

// fullExpansion is the reference query for the default limits: a page of
// 100 engagements with every field and expansion, plus cursors and paging.
const fullExpansion = `{
  engagements(first: 100) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node { id createdAt } }
    nodes {` + engagementFields + `
    }
  }
}`

// fullExpansionTwice also expands every field under edges.node, the most
// a client can select on one page of 100 without aliases.
const fullExpansionTwice = `{
  engagements(first: 100) {
    pageInfo { hasNextPage endCursor }
    edges { cursor node {` + engagementFields + ` } }
    nodes {` + engagementFields + `
    }
  }
}`
