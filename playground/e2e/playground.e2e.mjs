// End-to-end check of the playground in a real browser. It opens the page in
// headless Chromium with an empty profile, pastes a bearer token into the
// headers editor, runs a viewer query through GraphiQL's execute button and
// prints the result panel's JSON on stdout.
//
// Environment:
//   PLAYGROUND_URL    the page, e.g. http://127.0.0.1:8080/ (required)
//   PLAYGROUND_TOKEN  the bearer token for /graphql (required)
//   SCREENSHOT_PATH   where to save a PNG of the page (required), also written
//                     on failure once the page has opened
//   CHROMIUM_PATH     the browser binary (default /usr/bin/chromium)
//   E2E_TIMEOUT_MS    the limit for each wait in milliseconds (default 60000)
//
// Install the packages first with ../build.sh or `npm ci` in ../web, because
// playwright-core is a devDependency there.
//
// Exit status: 0 when the result panel contains "viewer". 1 on any failure,
// with the reason on stderr. A CSP violation, a request to another origin or a
// failed request for one of the page's files also fails the check.
import { mkdtemp, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';

const require = createRequire(new URL('../web/package.json', import.meta.url));
const { chromium } = require('playwright-core');

// The query replaces the default document, so the check needs no engagement to
// exist and works against any workspace.
const viewerQuery = '{ viewer { workspace { slug } scopes } }';

const chromiumArgs = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

// E2EError is a failure whose message already names the cause, so its stack
// trace is not printed.
class E2EError extends Error {}

function readConfig(env) {
  const missing = ['PLAYGROUND_URL', 'PLAYGROUND_TOKEN', 'SCREENSHOT_PATH'].filter(
    (name) => !env[name],
  );
  if (missing.length > 0) {
    throw new E2EError(`missing environment variable ${missing.join(', ')}; see the top of ${path.basename(import.meta.url)}`);
  }

  let pageURL;
  try {
    pageURL = new URL(env.PLAYGROUND_URL);
  } catch (err) {
    throw new E2EError(`invalid PLAYGROUND_URL ${JSON.stringify(env.PLAYGROUND_URL)}: ${err.message}`);
  }

  const timeout = Number(env.E2E_TIMEOUT_MS ?? 60000);
  if (!Number.isInteger(timeout) || timeout <= 0) {
    throw new E2EError(`invalid E2E_TIMEOUT_MS ${JSON.stringify(env.E2E_TIMEOUT_MS)}: want a positive whole number of milliseconds`);
  }

  return {
    pageURL,
    token: env.PLAYGROUND_TOKEN,
    screenshotPath: path.resolve(env.SCREENSHOT_PATH),
    chromiumPath: env.CHROMIUM_PATH || '/usr/bin/chromium',
    timeout,
  };
}

// watchPage records what a user would not see but the check must: requests to
// other origins (the page must need no CDN), failed or rejected requests for
// the page's files, CSP violations and uncaught errors. GraphQL responses are
// left out: the schema request before the token is pasted gets 401 by design,
// and the result panel shows every GraphQL error anyway.
function watchPage(page, origin) {
  const problems = [];
  page.on('request', (request) => {
    const url = new URL(request.url());
    if (url.protocol !== 'data:' && url.protocol !== 'blob:' && url.origin !== origin) {
      problems.push(`request to another origin: ${request.url()}`);
    }
  });
  page.on('requestfailed', (request) => {
    problems.push(`request failed: ${request.url()}: ${request.failure()?.errorText}`);
  });
  page.on('response', (response) => {
    if (response.status() >= 400 && new URL(response.url()).pathname !== '/graphql') {
      problems.push(`HTTP ${response.status()} for ${response.url()}`);
    }
  });
  page.on('console', (message) => {
    if (message.type() === 'error' && /Content Security Policy/i.test(message.text())) {
      problems.push(`CSP violation: ${message.text()}`);
    }
  });
  page.on('pageerror', (err) => {
    problems.push(`uncaught error in the page: ${err.message}`);
  });

  return problems;
}

// formatProblems lists the first problems, one per line, because a blocked
// style can repeat hundreds of times.
function formatProblems(problems) {
  const shown = 20;
  const lines = problems.slice(0, shown).map((problem) => `\n  ${problem}`);
  if (problems.length > shown) {
    lines.push(`\n  and ${problems.length - shown} more`);
  }

  return lines.join('');
}

// replaceEditorText types text into a Monaco editor the way a user pastes it,
// then reads the editor's model back, because Monaco's auto-closing of
// brackets and quotes could otherwise change what was typed.
async function replaceEditorText(page, editor, uriSuffix, text) {
  await editor.locator('.view-lines').click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.keyboard.press('Delete');
  await page.keyboard.insertText(text);

  const actual = await readModel(page, uriSuffix);
  if (actual !== text) {
    throw new E2EError(`editor ${uriSuffix} contains ${JSON.stringify(actual)} after typing ${JSON.stringify(text)}`);
  }
}

// readModel returns the text of the Monaco model whose URI ends with suffix.
// NOTE: globalThis.__MONACO, like the class names used here, is an internal of
// @graphiql/react 0.39, so a GraphiQL upgrade may need this script updated.
function readModel(page, suffix) {
  return page.evaluate((uriSuffix) => {
    const model = globalThis.__MONACO?.editor
      .getModels()
      .find((candidate) => candidate.uri.path.endsWith(uriSuffix));
    return model ? model.getValue() : null;
  }, suffix);
}

// runQuery clicks GraphiQL's execute button and returns the result panel's
// text once it shows the response to that click. GraphiQL clears the panel and
// switches the button to "Stop" before it sends the request, so once the
// query's HTTP response has arrived, a non-empty panel next to an "Execute"
// button contains that response.
async function runQuery(page, timeout) {
  const response = page.waitForResponse(
    (candidate) =>
      new URL(candidate.url()).pathname === '/graphql' &&
      (candidate.request().postData() ?? '').includes(JSON.stringify(viewerQuery)),
    { timeout },
  );

  // The default document has two operations, so the button opens a menu to
  // pick one until GraphiQL has parsed the replaced query.
  const button = page.locator('.graphiql-execute-button:not([aria-haspopup])');
  await button.waitFor();
  await button.click();
  const status = (await response).status();

  const deadline = Date.now() + timeout;
  let text = '';
  while (Date.now() < deadline) {
    text = (await readModel(page, 'response.json')) ?? '';
    const running = await page.locator('.graphiql-execute-button[aria-label^="Stop"]').count();
    if (running === 0 && text.trim() !== '') {
      if (!text.includes('"viewer"')) {
        throw new E2EError(`POST /graphql answered ${status} and the result panel has no "viewer": ${text}`);
      }

      return text;
    }

    await page.waitForTimeout(100);
  }

  throw new E2EError(`POST /graphql answered ${status}, but after ${timeout} ms the result panel shows ${JSON.stringify(text)}`);
}

async function run(config) {
  const userDataDir = await mkdtemp(path.join(os.tmpdir(), 'playground-e2e-'));
  let context;
  let page;
  let problems = [];
  try {
    context = await chromium.launchPersistentContext(userDataDir, {
      executablePath: config.chromiumPath,
      headless: true,
      args: chromiumArgs,
      viewport: { width: 1400, height: 900 },
      timeout: config.timeout,
    });
    context.setDefaultTimeout(config.timeout);

    page = context.pages()[0] ?? (await context.newPage());
    problems = watchPage(page, config.pageURL.origin);

    const response = await page.goto(config.pageURL.href, { waitUntil: 'load' });
    if (!response || !response.ok()) {
      throw new E2EError(`GET ${config.pageURL.href}: status ${response?.status()}`);
    }

    // The editors appear once Monaco and its workers have loaded.
    const queryEditor = page.locator('.graphiql-query-editor .graphiql-editor');
    await queryEditor.locator('.monaco-editor').waitFor();

    await page.locator('.graphiql-editor-tools button[data-name="headers"]').click();
    const headersEditor = page.locator('.graphiql-editor-tool .graphiql-editor:not(.hidden)');
    await headersEditor.locator('.monaco-editor').waitFor();

    const headers = JSON.stringify({ Authorization: `Bearer ${config.token}` });
    await replaceEditorText(page, headersEditor, 'request-headers.json', headers);
    await replaceEditorText(page, queryEditor, 'operation.graphql', viewerQuery);

    const text = await runQuery(page, config.timeout);

    let result;
    try {
      result = JSON.parse(text);
    } catch (err) {
      throw new E2EError(`the result panel is not JSON (${err.message}): ${text}`);
    }

    // Monaco redraws the query editor a frame or two after the result
    // arrives; without the pause the picture can miss part of the query.
    await page.waitForTimeout(500);
    await page.screenshot({ path: config.screenshotPath });

    if (problems.length > 0) {
      throw new E2EError(`the page ran the query but had problems:${formatProblems(problems)}`);
    }

    process.stdout.write(JSON.stringify(result) + '\n');
  } catch (err) {
    if (page) {
      await page.screenshot({ path: config.screenshotPath }).catch(() => {});
    }

    if (problems.length > 0 && !(err instanceof E2EError && err.message.includes('had problems'))) {
      err.message += `\npage problems seen before the failure:${formatProblems(problems)}`;
    }

    throw err;
  } finally {
    await context?.close();
    await rm(userDataDir, { recursive: true, force: true });
  }
}

try {
  await run(readConfig(process.env));
} catch (err) {
  const message = err instanceof E2EError ? err.message : err.stack;
  process.stderr.write(`playground e2e: FAIL: ${message}\n`);
  process.exit(1);
}
