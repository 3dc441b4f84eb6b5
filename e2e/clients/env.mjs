// Shared set-up of the client scripts: the server to test comes from
// GRAPHQL_URL (the /graphql endpoint) and GRAPHQL_TOKEN (a bearer token).
// Each script prints one JSON summary line on success, or a message on
// stderr and exit code 1 on failure.

/** Reads the GraphQL endpoint and token under test from the environment. */
export function serverFromEnv(script) {
  const url = process.env.GRAPHQL_URL;
  const token = process.env.GRAPHQL_TOKEN;
  if (!url || !token) {
    fail(script, 'GRAPHQL_URL and GRAPHQL_TOKEN must be set: the /graphql URL and a bearer token');
  }
  return { url, token };
}

/** Throws an Error with message unless condition holds. */
export function check(condition, message) {
  if (!condition) {
    throw new Error(message);
  }
}

/** Prints the summary line and ends the script with exit code 0. */
export function succeed(script, summary) {
  console.log(JSON.stringify({ script, ok: true, ...summary }));
  process.exit(0);
}

/** Prints the failure on stderr and ends the script with exit code 1. */
export function fail(script, message) {
  console.error(`${script}: ${message}`);
  process.exit(1);
}

/** Runs main, turning any error it throws into a failure. */
export function run(script, main) {
  main().then(
    (summary) => succeed(script, summary),
    (err) => fail(script, err && err.stack ? err.stack : String(err)),
  );
}

/** Builds a transcript-only createEngagement input with a fresh externalId. */
export function transcriptInput(prefix) {
  return {
    type: 'CALL',
    title: `${prefix} call`,
    externalId: `${prefix}-${Date.now()}-${Math.random().toString(36).slice(2, 10)}`,
    participants: [
      { name: 'Bob', email: 'bob@acme.example', companyName: 'Acme Inc' },
    ],
    transcriptTimeline: {
      speakers: [{ name: 'Ann' }, { name: 'Bob', email: 'bob@acme.example' }],
      entries: [
        {
          speakerIndex: 0, startMs: 0, endMs: 2000,
          sentences: [{ text: 'Hello Bob.', startMs: 0, endMs: 900 }],
        },
        {
          speakerIndex: 1, startMs: 2500, endMs: 4000,
          sentences: [{ text: 'Happy to be here.', startMs: 2500, endMs: 4000 }],
        },
      ],
    },
  };
}
