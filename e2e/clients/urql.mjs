// Drives the API with urql's core client: a query and a create mutation,
// then the created engagement read back by ID.
import { Client, cacheExchange, fetchExchange, gql } from '@urql/core';
import { check, run, serverFromEnv, transcriptInput } from './env.mjs';

const script = 'urql';
const { url, token } = serverFromEnv(script);

const VIEWER = gql`
  query Viewer {
    viewer { workspace { slug } user { email } scopes }
  }
`;

const CREATE = gql`
  mutation Create($input: CreateEngagementInput!) {
    createEngagement(input: $input) {
      created
      userErrors { field message code }
      engagement { id externalId contacts { email company { name } } }
    }
  }
`;

const SINGLE = gql`
  query Single($id: ID!) {
    engagement(id: $id) { id externalId title }
  }
`;

// result throws the CombinedError of an urql result, which urql returns
// instead of throwing.
function result(r, operation) {
  if (r.error) {
    throw new Error(`${operation}: ${r.error.message}`);
  }
  return r.data;
}

async function main() {
  const client = new Client({
    url,
    exchanges: [cacheExchange, fetchExchange],
    fetchOptions: { headers: { authorization: `Bearer ${token}` } },
  });

  const viewer = result(await client.query(VIEWER, {}).toPromise(), 'viewer query').viewer;
  check(viewer.scopes.includes('engagements:write'), `viewer scopes ${viewer.scopes} lack engagements:write`);

  const input = transcriptInput('urql');
  const payload = result(await client.mutation(CREATE, { input }).toPromise(), 'createEngagement').createEngagement;
  check(payload.created === true && payload.userErrors.length === 0, `create failed: ${JSON.stringify(payload)}`);
  check(payload.engagement.externalId === input.externalId, `externalId ${payload.engagement.externalId}`);

  const single = result(await client.query(SINGLE, { id: payload.engagement.id }).toPromise(), 'engagement query');
  check(single.engagement?.externalId === input.externalId, `read back ${JSON.stringify(single)}`);

  return { workspace: viewer.workspace.slug, engagementId: payload.engagement.id };
}

run(script, main);
