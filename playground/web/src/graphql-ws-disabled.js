// Stands in for the optional graphql-ws package, which @graphiql/toolkit imports
// only for subscriptions. The API has no subscriptions, so the playground gets no
// websocket client and any attempt to use one fails with this message.
export function createClient() {
  throw new Error('subscriptions are not supported by this playground');
}
