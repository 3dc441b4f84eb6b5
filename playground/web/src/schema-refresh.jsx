// GraphiQL fetches the schema once, when it mounts and before the headers
// editor exists. After that it fetches again only on the user's request (the
// re-fetch button or Ctrl+Shift+R). These pieces make the schema follow the
// bearer token in the headers editor instead.
import { useGraphiQL, useGraphiQLActions } from '@graphiql/react';
import { StorageAPI } from '@graphiql/toolkit';
import { useEffect } from 'react';

// refetchDelayMs is how long typing in the headers editor must pause before
// the schema is fetched again, so a pasted token costs one request, not one per
// keystroke.
const refetchDelayMs = 500;

// withStoredHeaders wraps a fetcher so that a request GraphiQL sends without
// headers, which is the schema request at mount, carries the headers that
// GraphiQL persisted from the headers editor on an earlier visit.
export function withStoredHeaders(fetcher) {
  const storage = new StorageAPI();

  return (params, options) => {
    if (options?.headers) {
      return fetcher(params, options);
    }

    const stored = parseHeaders(storage.get('headers'));
    return fetcher(params, stored ? { ...options, headers: stored } : options);
  };
}

// RefetchSchemaOnHeaderChange fetches the schema again whenever the headers
// editor settles on new, valid JSON. It renders nothing and must be a child of
// <GraphiQL>, whose store it reads.
export function RefetchSchemaOnHeaderChange() {
  const headerEditor = useGraphiQL((state) => state.headerEditor);
  const { introspect } = useGraphiQLActions();

  useEffect(() => {
    if (!headerEditor) {
      return undefined;
    }

    // Headers are compared parsed, so prettifying the editor fetches nothing.
    let lastFetched = JSON.stringify(parseHeaders(headerEditor.getValue()));
    let timer;
    const subscription = headerEditor.onDidChangeModelContent(() => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const headers = parseHeaders(headerEditor.getValue());
        const key = JSON.stringify(headers);
        if (headers && key !== lastFetched) {
          lastFetched = key;
          introspect();
        }
      }, refetchDelayMs);
    });

    return () => {
      clearTimeout(timer);
      subscription.dispose();
    };
  }, [headerEditor, introspect]);

  return null;
}

// parseHeaders returns the headers in a JSON object text, or null when the
// text is empty, not JSON or not an object of strings.
function parseHeaders(text) {
  if (!text) {
    return null;
  }

  let headers;
  try {
    headers = JSON.parse(text);
  } catch {
    return null;
  }

  if (typeof headers !== 'object' || headers === null || Array.isArray(headers)) {
    return null;
  }

  return Object.values(headers).every((value) => typeof value === 'string') ? headers : null;
}
