#!/usr/bin/env bash
# Installs what the end-to-end test needs on a fresh Debian machine, from the package
# registries only: Debian's chromium, ripgrep and the build tools of code-server's native
# modules; code-server and puppeteer-core from package-lock.json (npm ci).
#
# code-server's install runs `npm install` in lib/vscode, whose @vscode/ripgrep would
# download `rg` from outside the registry; its download cache is seeded here with a
# tarball of Debian's `rg`, which the install then takes as its download.
set -euo pipefail
cd "$(dirname "$0")"

need=()
for pkg in chromium ripgrep build-essential pkg-config python3 libkrb5-dev libx11-dev libxkbfile-dev libsecret-1-dev; do
  dpkg -s "$pkg" >/dev/null 2>&1 || need+=("$pkg")
done
if [ "${#need[@]}" -gt 0 ]; then
  export DEBIAN_FRONTEND=noninteractive
  apt-get update -qq
  apt-get install -y -qq "${need[@]}" >/dev/null
fi

if [ -x node_modules/.bin/code-server ] && [ -d node_modules/puppeteer-core ]; then
  echo "e2e: code-server and puppeteer-core already installed"
  exit 0
fi

# code-server 4.100.3 (pinned by package-lock.json) installs lib/vscode from its
# npm-shrinkwrap.json, which pins @vscode/ripgrep 1.15.11; its postinstall fetches the
# ripgrep release v13.0.0-10, unless the file is already in its cache. Change these two
# with code-server's version.
rg_package=1.15.11
rg_release=v13.0.0-10
cache="${TMPDIR:-/tmp}/vscode-ripgrep-cache-$rg_package"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
mkdir -p "$cache"
cp "$(command -v rg)" "$scratch/rg"
tar czf "$cache/ripgrep-$rg_release-x86_64-unknown-linux-musl.tar.gz" -C "$scratch" rg
echo "e2e: seeded $cache with Debian's rg as ripgrep $rg_release"

# As root, code-server's postinstall wants --unsafe-perm; npm_config_yes so that
# `npx node-gyp` does not wait for a prompt; install scripts are allowed for every
# package, since code-server's postinstall runs further `npm install`s of its own.
export npm_config_yes=true npm_config_unsafe_perm=true npm_config_dangerously_allow_all_scripts=true
npm ci --no-audit --no-fund
