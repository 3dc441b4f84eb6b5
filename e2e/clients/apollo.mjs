// Drives the API with Apollo Client (core, no React): a create mutation, a
// list query with nested expansions and a single-engagement query, then
// checks that InMemoryCache normalised the results by __typename and id.
import { ApolloClient, HttpLink, InMemoryCache, gql } from '@apollo/client';
import { check, run, serverFromEnv, transcriptInput } from './env.mjs';

const script = 'apollo';
const { url, token } = serverFromEnv(script);

const CREATE = gql`
  mutation Create($input: CreateEngagementInput!) {
    createEngagement(input: $input) {
      created
      userErrors { field message code }
      engagement { id title }
    }
  }
`;

const LIST = gql`
  query List {
    engagements(first: 10) {
      nodes {
        id
        title
        owner { id email }
        companies { id name domain }
        contacts { id name email company { id name } }
      }
    }
  }
`;

const SINGLE = gql`
  query Single($id: ID!) {
    engagement(id: $id) {
      id
      title
      transcript
    }
  }
`;

async function main() {
  const cache = new InMemoryCache();
  const client = new ApolloClient({
    link: new HttpLink({ uri: url, headers: { authorization: `Bearer ${token}` } }),
    cache,
  });

  const created = await client.mutate({ mutation: CREATE, variables: { input: transcriptInput('apollo') } });
  const payload = created.data?.createEngagement;
  check(payload?.created === true, `createEngagement did not create: ${JSON.stringify(created)}`);
  check(payload.userErrors.length === 0, `userErrors: ${JSON.stringify(payload.userErrors)}`);
  const id = payload.engagement.id;

  const list = await client.query({ query: LIST, fetchPolicy: 'network-only' });
  const listed = list.data.engagements.nodes.find((n) => n.id === id);
  check(listed, `engagement ${id} is not in the list: ${JSON.stringify(list.data)}`);
  check(listed.owner?.email, `owner missing: ${JSON.stringify(listed)}`);
  check(listed.companies.some((c) => c.name === 'Acme Inc'), `company Acme Inc missing: ${JSON.stringify(listed)}`);
  const bob = listed.contacts.find((c) => c.email === 'bob@acme.example');
  check(bob?.company?.name === 'Acme Inc', `contact bob with company Acme Inc missing: ${JSON.stringify(listed)}`);

  const single = await client.query({ query: SINGLE, variables: { id }, fetchPolicy: 'network-only' });
  check(single.data.engagement?.id === id, `engagement(id) returned ${JSON.stringify(single.data)}`);

  // Both queries must land on one normalised object, keyed by type and ID.
  const key = cache.identify({ __typename: 'Engagement', id });
  check(key === `Engagement:${id}`, `cache.identify returned ${key}`);
  const store = cache.extract();
  const entity = store[key];
  check(entity, `cache has no ${key}; keys: ${Object.keys(store).join(', ')}`);
  check(entity.title === listed.title, `cached title ${entity.title}, listed ${listed.title}`);
  check(typeof entity.transcript === 'string' && entity.transcript.includes('Hello Bob.'),
    `the single query's transcript did not merge into ${key}: ${JSON.stringify(entity)}`);
  check(entity.contacts?.some((ref) => ref.__ref === `Contact:${bob.id}`),
    `${key}.contacts does not reference Contact:${bob.id}: ${JSON.stringify(entity.contacts)}`);
  check(store[`Contact:${bob.id}`]?.company?.__ref === `Company:${bob.company.id}`,
    `Contact:${bob.id} does not reference Company:${bob.company.id}`);
  check(store[`Company:${bob.company.id}`]?.name === 'Acme Inc', `Company:${bob.company.id} is not cached`);

  // A cache read of the list query returns the merged entity.
  const fromCache = client.readQuery({ query: LIST });
  check(fromCache.engagements.nodes.some((n) => n.id === id), 'readQuery of the list misses the engagement');

  return {
    engagementId: id,
    listed: list.data.engagements.nodes.length,
    cacheKeys: Object.keys(store).length,
    normalised: key,
  };
}

run(script, main);
