// Bundles the playground into ../dist: index.html plus content-hashed assets in
// dist/assets, which playground.go serves under assetPrefix. Run it through
// ../build.sh, which installs the locked packages first.
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

import * as esbuild from 'esbuild';

// assetPrefix must match AssetPrefix in playground.go.
const assetPrefix = '/playground/assets/';

const webDir = path.dirname(fileURLToPath(import.meta.url));
const distDir = path.join(webDir, '..', 'dist');
const assetsDir = path.join(distDir, 'assets');

// The page and Monaco's web workers are built together, so the chunks they
// share (Monaco's worker base, graphql-js, prettier) are stored once. Each
// worker runs as a module worker because its code is split into chunks.
const entryPoints = {
  main: 'src/main.jsx',
  'editor.worker': 'monaco-editor/esm/vs/editor/editor.worker.js',
  'json.worker': 'monaco-editor/esm/vs/language/json/json.worker.js',
  'graphql.worker': 'monaco-graphql/esm/graphql.worker.js',
};

// graphiql/style.css already contains Monaco's whole style sheet, including the
// codicon font as a data: URL. Monaco's ESM modules import their own pieces of
// that CSS again, which esbuild would bundle a second time, so they load empty.
const skipMonacoCSS = {
  name: 'skip-monaco-css',
  setup(build) {
    build.onLoad({ filter: /[\\/]node_modules[\\/]monaco-editor[\\/].*\.css$/ }, () => ({
      contents: '',
      loader: 'empty',
    }));
  },
};

// bundle writes every asset and returns esbuild's metafile. Names carry a
// content hash, so the server can cache assets for a year. Legal comments
// (licence headers) move to the end of each file.
async function bundle() {
  const result = await esbuild.build({
    absWorkingDir: webDir,
    entryPoints,
    outdir: assetsDir,
    entryNames: '[name]-[hash]',
    chunkNames: 'chunk-[hash]',
    assetNames: '[name]-[hash]',
    bundle: true,
    splitting: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    minify: true,
    jsx: 'automatic',
    legalComments: 'eof',
    metafile: true,
    logLevel: 'warning',
    define: { 'process.env.NODE_ENV': '"production"' },
    alias: {
      'graphql-ws': './src/graphql-ws-disabled.js',
      // @graphiql/react's prettify imports these CommonJS entry points with
      // import() and reads named exports from them, which esbuild's code
      // splitting does not provide for CommonJS: prettify then fails with
      // "Couldn't resolve parser". The ESM plugins export the same objects.
      'prettier/parser-graphql': 'prettier/plugins/graphql',
      'prettier/parser-babel': 'prettier/plugins/babel',
    },
    plugins: [skipMonacoCSS],
  });

  return result.metafile;
}

// entryURLs maps each entry point name to the URL of its script, and adds the
// page's style sheet as "css".
function entryURLs(metafile) {
  const urls = {};
  for (const [file, output] of Object.entries(metafile.outputs)) {
    if (!output.entryPoint) {
      continue;
    }

    const name = Object.keys(entryPoints).find(
      (key) => path.resolve(webDir, output.entryPoint) === resolveEntry(entryPoints[key]),
    );
    if (!name) {
      // A chunk that a dynamic import() loads is an entry point of its own.
      continue;
    }

    urls[name] = assetPrefix + path.basename(file);
    if (name === 'main') {
      urls.css = assetPrefix + path.basename(output.cssBundle ?? '');
    }
  }

  for (const name of [...Object.keys(entryPoints), 'css']) {
    if (!urls[name] || urls[name] === assetPrefix) {
      throw new Error(`map outputs: esbuild wrote no file for ${name}`);
    }
  }

  return urls;
}

function resolveEntry(specifier) {
  if (specifier.startsWith('src/')) {
    return path.resolve(webDir, specifier);
  }

  return path.resolve(webDir, 'node_modules', specifier);
}

// writeIndex fills the page template. The template has no inline script or
// style, so the server's CSP needs no hash or nonce for it. The worker URLs
// go into data attributes, which src/workers.js reads.
async function writeIndex(urls) {
  const template = await readFile(path.join(webDir, 'src', 'index.html'), 'utf8');
  const html = template.replaceAll(/\{\{([\w.]+)\}\}/g, (placeholder, key) => {
    const url = urls[key];
    if (!url) {
      throw new Error(`write index.html: no URL for placeholder ${placeholder}`);
    }

    return url;
  });

  await writeFile(path.join(distDir, 'index.html'), html);
}

// Stale files from an earlier build would otherwise stay embedded in the binary.
await rm(distDir, { recursive: true, force: true });
await mkdir(assetsDir, { recursive: true });

const metafile = await bundle();
if (process.env.PLAYGROUND_METAFILE) {
  await writeFile(process.env.PLAYGROUND_METAFILE, JSON.stringify(metafile));
}

await writeIndex(entryURLs(metafile));
