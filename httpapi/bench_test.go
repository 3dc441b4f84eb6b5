package httpapi_test

import (
	"context"
	"fmt"
	"testing"

	"engagements/seed"
)

// BenchmarkList100FullExpansion reads a page of 100 seeded engagements
// with every field and expansion, over HTTP, against the real Postgres.
func BenchmarkList100FullExpansion(b *testing.B) {
	s := newServerWith(b, serverOptions{})
	w := s.workspace(b, false)
	token := s.token(b, w, "reader@ourteam.example", allScopes[0])
	if _, err := seed.Run(context.Background(), s.pool, w.ID, 200); err != nil {
		b.Fatal(err)
	}

	b.ReportAllocs()
	b.ResetTimer()
	for b.Loop() {
		resp := s.do(b, token, listFull, map[string]any{"first": 100})
		if len(resp.Errors) > 0 {
			b.Fatalf("errors: %s", resp.Raw)
		}
	}
}

// BenchmarkCreateTranscript200Sentences creates a transcript-only
// engagement whose timeline has 100 entries of 2 sentences.
func BenchmarkCreateTranscript200Sentences(b *testing.B) {
	s := newServerWith(b, serverOptions{})
	w := s.workspace(b, false)
	token := s.token(b, w, "writer@ourteam.example", allScopes...)

	entries := make([]any, 100)
	for i := range entries {
		start := i * 10_000
		entries[i] = map[string]any{"speakerIndex": i % 2, "startMs": start, "endMs": start + 9000, "sentences": []any{
			map[string]any{"text": "We mostly track calls in spreadsheets, which gets messy.", "startMs": start, "endMs": start + 4000},
			map[string]any{"text": "What would success look like for you by the end of the quarter?", "startMs": start + 4500, "endMs": start + 9000},
		}}
	}
	timeline := map[string]any{
		"speakers": []any{map[string]any{"name": "Ann", "email": "ann@ourteam.example"}, map[string]any{"name": "Bob"}},
		"entries":  entries,
	}

	b.ReportAllocs()
	b.ResetTimer()
	i := 0
	for b.Loop() {
		i++
		input := map[string]any{"type": "CALL", "externalId": fmt.Sprintf("bench-%d", i), "transcriptTimeline": timeline}
		resp := s.do(b, token, `mutation($in: CreateEngagementInput!) { createEngagement(input: $in) { created } }`,
			map[string]any{"in": input})
		if path(resp.Data, "createEngagement", "created") != true {
			b.Fatalf("create failed: %s", resp.Raw)
		}
	}
}
