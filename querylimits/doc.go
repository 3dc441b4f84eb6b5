// Package querylimits rejects GraphQL operations that would cost the server
// too much, before any resolver runs, and reports each operation's cost in
// the response's extensions.cost.
//
// Complexity supplies the cost functions for graph.Config.Complexity, and
// Extension is the handler extension that enforces a Config. The defaults
// and their reasons:
//
//   - MaxComplexity 250,000. The reference query, engagements(first: 100)
//     with pageInfo, edges { cursor node { id createdAt } } and every field
//     and expansion of Engagement under nodes, including the timeline's
//     speakers, entries and sentences, costs 160,010, so the limit leaves
//     about 56% headroom. Expanding every field under edges.node as well
//     costs 318,910 and is rejected, because it selects the same page twice.
//     One engagement with every expansion costs about 1,600, most of it the
//     assumed 50 timeline entries of 5 sentences each.
//   - MaxDepth 12. The reference query nests 6 deep (engagements, nodes,
//     transcriptTimeline, entries, sentences, text), and the schema has no
//     cycle, so no selection of data can nest deeper than 7 today. The
//     limit leaves room for new expansions and stops the unbounded nesting
//     that a type referring back to itself would allow. Fields under
//     __schema and __type are not counted, because GraphiQL's schema query
//     nests 15 deep (ofType 9 levels) and gqlparser already rejects
//     introspection that nests its list fields 3 or more levels deep.
//   - MaxAliases 30. Aliases are how one document runs the same resolver
//     many times, for example viewer, which costs two queries each time.
//     The reference query needs none, and a client that fetches a few
//     engagements by ID in one request needs a handful.
//   - MaxFields 500. The reference query selects 76 fields and GraphiQL's
//     schema query 230. Before validation, the fields written in the whole
//     document are counted against it, because gqlparser's validation
//     compares sibling fields pairwise and its time grows with the square
//     of their number. After validation the count is taken with fragments
//     expanded,
//     so a fragment that spreads other fragments several times cannot
//     multiply its fields unseen. The walk also stops after 10 selections
//     per allowed field (fields, fragment spreads and inline fragments), so
//     long chains of fragments that only spread other fragments end too.
//   - MaxVariableDepth 16. The deepest legitimate variable is
//     createEngagement's input, 7 levels from the input object down to a
//     sentence's text. encoding/json alone only rejects nesting past 10,000.
//
// Every limit is checked before execution and ends the operation with one
// error whose extensions.code names the limit (see the Code constants) and
// whose extensions.value and extensions.max repeat the numbers of the
// message.
package querylimits
