#!/usr/bin/env bash
# The action's "Install evn" step: prints the evn binary to use (and writes bin=... to
# $GITHUB_OUTPUT when set). In order:
#   1. $INPUT_EVN, the action's `evn` input;
#   2. `evn` on PATH (e.g. from `pip install evidence-notation` in an earlier step);
#   3. the release binary of this action's version (Cargo.toml's, tag v<version>) for the
#      runner's platform, downloaded with its .sha256 and checked: a binary whose checksum
#      differs is refused (exit 1, nothing else is tried);
#   4. only when the release has no binary for this platform (or there is no such
#      release): `cargo install` of the action's own revision.
#
# Environment (besides GitHub's RUNNER_OS, RUNNER_ARCH, RUNNER_TEMP, GITHUB_ACTION_PATH,
# GITHUB_ACTION_REPOSITORY): EVN_VERSION (default: Cargo.toml's version), EVN_RELEASE_URL
# (default: https://github.com/<repository>/releases/download/v<version>; a file:// URL
# works too, which the test in .ci/run uses), EVN_INSTALL_DIR (default:
# $RUNNER_TEMP/evn).
set -euo pipefail

root="${GITHUB_ACTION_PATH:-$(cd "$(dirname "$0")/../.." && pwd)}"
dest="${EVN_INSTALL_DIR:-${RUNNER_TEMP:-${TMPDIR:-/tmp}}/evn}"

say() { echo "evn action: $*" >&2; }

found() {
  "$1" --version >&2
  if [ -n "${GITHUB_OUTPUT:-}" ]; then
    echo "bin=$1" >>"$GITHUB_OUTPUT"
  fi
  echo "$1"
  exit 0
}

if [ -n "${INPUT_EVN:-}" ]; then
  found "$INPUT_EVN"
fi
if command -v evn >/dev/null 2>&1; then
  found "$(command -v evn)"
fi

# The Rust target triple of this runner (the release's asset names carry it).
os="${RUNNER_OS:-$(uname -s)}"
arch="${RUNNER_ARCH:-$(uname -m)}"
case "$arch" in
  X64 | x86_64 | amd64 | AMD64) arch=x86_64 ;;
  ARM64 | aarch64 | arm64) arch=aarch64 ;;
  *) arch=unknown ;;
esac
case "$os" in
  Linux) triple="$arch-unknown-linux-gnu" archive=tar.gz exe=evn ;;
  macOS | Darwin) triple="$arch-apple-darwin" archive=tar.gz exe=evn ;;
  Windows | MINGW* | MSYS* | CYGWIN*) triple="$arch-pc-windows-msvc" archive=zip exe=evn.exe ;;
  *) triple=unknown archive=tar.gz exe=evn ;;
esac

version="${EVN_VERSION:-$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)}"
repository="${GITHUB_ACTION_REPOSITORY:-evn-lang/evn}"
url="${EVN_RELEASE_URL:-https://github.com/$repository/releases/download/v$version}"
asset="evn-$triple.$archive"

sha256() {
  if command -v sha256sum >/dev/null 2>&1; then
    sha256sum "$1" | cut -d ' ' -f 1
  else
    shasum -a 256 "$1" | cut -d ' ' -f 1
  fi
}

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
: >"$scratch/curl.log"
if [ "$triple" != unknown ] &&
  curl --fail --silent --show-error --location --retry 3 -o "$scratch/$asset" "$url/$asset" 2>"$scratch/curl.log" &&
  curl --fail --silent --show-error --location --retry 3 -o "$scratch/$asset.sha256" "$url/$asset.sha256" 2>>"$scratch/curl.log"; then
  expected="$(cut -d ' ' -f 1 <"$scratch/$asset.sha256" | tr -d '\r\n')"
  actual="$(sha256 "$scratch/$asset")"
  if [ -z "$expected" ] || [ "$expected" != "$actual" ]; then
    say "refusing $url/$asset: its SHA-256 is $actual, the release's $asset.sha256 says '${expected}'"
    exit 1
  fi
  say "downloaded $asset of v$version (SHA-256 $actual, as the release says)"
  mkdir -p "$dest/bin"
  if [ "$archive" = zip ]; then
    if command -v unzip >/dev/null 2>&1; then
      unzip -o -q "$scratch/$asset" -d "$scratch/x"
    else
      win() { cygpath -w "$1" 2>/dev/null || echo "$1"; }
      powershell -NoProfile -Command "Expand-Archive -Force -LiteralPath '$(win "$scratch/$asset")' -DestinationPath '$(win "$scratch/x")'"
    fi
  else
    mkdir -p "$scratch/x"
    tar xzf "$scratch/$asset" -C "$scratch/x"
  fi
  bin="$(find "$scratch/x" -name "$exe" -type f | head -n 1)"
  [ -n "$bin" ] || { say "$asset holds no $exe"; exit 1; }
  cp "$bin" "$dest/bin/$exe"
  chmod +x "$dest/bin/$exe"
  found "$dest/bin/$exe"
fi

say "no release binary $asset at $url ($(tr '\n' ' ' <"$scratch/curl.log")); building this action's revision with cargo install"
command -v cargo >/dev/null 2>&1 || { say "cargo is not installed either"; exit 1; }
cargo install --locked --path "$root" --root "$dest" >&2
found "$dest/bin/$exe"
