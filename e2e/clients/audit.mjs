// Runs the GraphQL-over-HTTP server audits of the graphql-http package
// against GRAPHQL_URL. Prints each result as a JSON line, then a summary
// line. Exits with 1 when any MUST audit fails. SHOULD and MAY failures
// are reported but do not fail the script.
import { serverAudits } from 'graphql-http';
import { fail, serverFromEnv } from './env.mjs';

const script = 'audit';
const { url, token } = serverFromEnv(script);

// The audits send no credentials, so every request they send gets the
// bearer token here.
function fetchWithToken(input, init = {}) {
  const headers = new Headers(init.headers);
  headers.set('authorization', `Bearer ${token}`);
  return fetch(input, { ...init, headers });
}

async function describeResponse(response) {
  const out = { status: response.status, contentType: response.headers.get('content-type') };
  try {
    out.body = (await response.clone().text()).slice(0, 500);
  } catch {
    // The audit already read the body.
  }
  return out;
}

async function main() {
  const counts = {};
  let mustFailures = 0;
  // One at a time, so that the server log reads in audit order.
  for (const audit of serverAudits({ url, fetchFn: fetchWithToken })) {
    const result = await audit.fn();
    const level = result.name.split(' ')[0];
    const line = { id: result.id, level, name: result.name, status: result.status };
    if (result.status !== 'ok') {
      line.reason = result.reason;
      line.response = await describeResponse(result.response);
    }
    console.log(JSON.stringify(line));

    counts[level] ??= { pass: 0, fail: 0 };
    counts[level][result.status === 'ok' ? 'pass' : 'fail']++;
    if (level === 'MUST' && result.status !== 'ok') {
      mustFailures++;
    }
  }

  const summary = { script, ok: mustFailures === 0, counts };
  console.log(JSON.stringify(summary));
  if (mustFailures > 0) {
    fail(script, `${mustFailures} MUST audit(s) failed; see the lines with "level":"MUST" above`);
  }
}

main().catch((err) => fail(script, err && err.stack ? err.stack : String(err)));
