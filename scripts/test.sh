#!/usr/bin/env bash
# npm test: set-up (with the browser), then every test suite, stopping at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh --test
export PATH="$PWD/node_modules/.bin:$HOME/.cargo/bin:$PATH"
step() { printf '\n== %s\n' "$*"; }

step "cargo test (the Rust core, with property tests)"
cargo test

step "wasm-pack test --node (the wasm layer in Node)"
wasm-pack test --node -- --test wasm_node --features std

step "wasm-pack test --headless --chrome (the wasm layer in Chromium)"
wasm-pack test --headless --chrome --chromedriver /usr/bin/chromedriver -- --test wasm_browser --features std

step "npm run build"
npm run build

step "npm pack, installed into a consumer project (shared by the tests of the installed package)"
TOKENKIT_INSTALLED=$(node tests/helpers/installed.mjs)
export TOKENKIT_INSTALLED
echo "$TOKENKIT_INSTALLED"

step "node --test (the installed package in Node 18/20, Deno, Bun, Chromium, Vite, esbuild, TypeScript; peers)"
status=0
node --test --test-concurrency=1 tests/*.test.mjs || status=$?
rm -rf "$TOKENKIT_INSTALLED"
exit "$status"
