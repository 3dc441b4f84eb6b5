// The playground's entry point: GraphiQL against /graphql on this origin.
import './workers.js';
import 'graphiql/style.css';
import './page.css';

import { createGraphiQLFetcher } from '@graphiql/toolkit';
import { GraphiQL } from 'graphiql';
import { createRoot } from 'react-dom/client';

import { defaultDocument, defaultHeaders } from './document.js';
import { RefetchSchemaOnHeaderChange, withStoredHeaders } from './schema-refresh.jsx';

// The API returns plain JSON only: no @defer or @stream, and no websocket for
// subscriptions, so the fetcher sends single POST requests.
const fetcher = withStoredHeaders(
  createGraphiQLFetcher({
    url: '/graphql',
    enableIncrementalDelivery: false,
  }),
);

// shouldPersistHeaders keeps the headers editor, and with it the bearer token,
// in GraphiQL's storage (localStorage of this origin), so a visitor pastes the
// token once. The page loads scripts from this origin only, which keeps other
// sites' scripts away from that storage.
function Playground() {
  return (
    <GraphiQL
      fetcher={fetcher}
      defaultQuery={defaultDocument}
      defaultHeaders={defaultHeaders}
      isHeadersEditorEnabled
      shouldPersistHeaders
      defaultEditorToolsVisibility="headers"
    >
      <RefetchSchemaOnHeaderChange />
    </GraphiQL>
  );
}

createRoot(document.getElementById('graphiql')).render(<Playground />);
