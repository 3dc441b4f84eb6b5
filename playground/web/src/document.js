// The operations shown to a new visitor in the first tab. They follow the schema in
// graph/schema: CreateEngagement writes a transcript-only call, and
// ReadEngagement reads it back with every field of Engagement expanded.
export const defaultDocument = `# Engagements API playground
#
# 1. Paste your API token into the Headers tab below.
#    This browser keeps it in local storage.
# 2. Press the run button, pick CreateEngagement and
#    copy engagement.id from the result.
# 3. Paste that ID into ReadEngagement below, press the
#    run button again and pick ReadEngagement.
#
# Ctrl+Enter runs the operation under the cursor.
# Running CreateEngagement again with the same externalId
# returns the existing engagement with created: false.

mutation CreateEngagement {
  createEngagement(
    input: {
      type: CALL
      title: "Discovery call with Acme"
      externalId: "playground-call-0001"
      startedAt: "2026-01-15T10:00:00Z"
      transcriptTimeline: {
        speakers: [
          { name: "Dana Seller", email: "dana@example.com" }
          { name: "Sam Buyer", email: "sam@acme.example" }
        ]
        entries: [
          {
            speakerIndex: 0
            startMs: 0
            endMs: 4200
            sentences: [
              { text: "Thanks for joining, Sam.", startMs: 0, endMs: 1500 }
              { text: "What made you look at us?", startMs: 1600, endMs: 4200 }
            ]
          }
          {
            speakerIndex: 1
            startMs: 4500
            endMs: 9000
            sentences: [
              {
                text: "Our pricing reviews take too long."
                startMs: 4500
                endMs: 9000
              }
            ]
          }
        ]
      }
    }
  ) {
    created
    engagement {
      id
      externalId
    }
    userErrors {
      field
      message
      code
    }
  }
}

query ReadEngagement {
  viewer {
    workspace {
      slug
      name
    }
    user {
      email
    }
    scopes
  }
  engagement(id: "PASTE_THE_ID_RETURNED_BY_CreateEngagement") {
    id
    type
    title
    startedAt
    createdAt
    externalId
    externalUrl
    isPrivate
    automationsEnabled
    transcript
    transcriptTimeline {
      speakers {
        index
        name
        email
      }
      entries {
        speakerIndex
        speaker {
          name
        }
        startMs
        endMs
        text
        sentences {
          text
          startMs
          endMs
        }
      }
    }
    mediaUrl
    companies {
      id
      name
      domain
    }
    contacts {
      id
      name
      email
      phone
      company {
        name
      }
    }
    owner {
      id
      name
      email
    }
    actionItems {
      id
      text
      assigneeName
      dueAt
      completed
      startMs
    }
    signals {
      id
      kind
      name
      text
      startMs
      speakerIndex
      confidence
    }
  }
}
`;

// The headers of every new tab. The server rejects requests without a bearer
// token, so the placeholder shows where the token goes.
export const defaultHeaders = `{
  "Authorization": "Bearer PASTE_TOKEN_HERE"
}
`;
