#!/usr/bin/env bash
# Rebuilds dist/, the GraphiQL playground that playground.go embeds, from web/.
# It needs Node.js 20 or newer and the npm registry. Commit dist/ afterwards,
# because the Go build embeds it and needs no Node.js. Two runs with the same
# package-lock.json write byte-identical files.
#
# Two npm warnings are expected. graphql 17 declares Node.js 22 or newer, but
# the build only bundles it for the browser and never runs it in Node.js. npm
# 11 also lists esbuild's install script as not approved in allowScripts, and
# npm 11.19 still runs it: it puts esbuild's platform binary in place.
set -euo pipefail

cd "$(dirname "$0")/web"

# npm ci installs exactly what package-lock.json pins and fails when
# package.json and the lock file disagree.
npm ci --no-audit --no-fund

node build.mjs

echo "playground: wrote $(du -sh ../dist | cut -f1) to $(cd ../dist && pwd)"
