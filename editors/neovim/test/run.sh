#!/usr/bin/env bash
# The headless Neovim test of editors/neovim: loads the plugin from this repository
# into a clean Neovim (no user config), opens example.evn with `evn lsp` as the
# server and checks the diagnostics it publishes, a jump to a definition, a hover
# on an alias, the did-you-mean code action (applied, its diagnostic gone) and a
# completion.
#
#   editors/neovim/test/run.sh /path/to/evn      # Neovim 0.7 or newer on PATH
#
# Exits 0 when every check passes. Needs `nvim` (Debian: apt-get install -y neovim).
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 /path/to/evn" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
evn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -x "$evn" ] || { echo "not an executable: $evn" >&2; exit 2; }
command -v nvim >/dev/null || { echo "nvim is required (apt-get install -y neovim)" >&2; exit 2; }
nvim --version | head -n 1

# A scratch workspace (no evn.toml, no .git above it in /tmp) and a scratch home, so
# that neither the repository's other .evn files nor a user's config take part.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/home"
cp "$here/example.evn" "$work/ws/example.evn"

status=0
(
  cd "$work/ws"
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache" \
  EVN_BIN="$evn" EVN_EXAMPLE="$work/ws/example.evn" \
  timeout 120 nvim --headless -u NONE -i NONE -n \
    --cmd "set runtimepath^=$plugin" --cmd "filetype plugin on" --cmd "syntax on" \
    -c "luafile $here/diagnostics.lua" </dev/null
) || status=$?

if [ "$status" -ne 0 ]; then
  echo "the Neovim test failed (exit $status); the LSP log:" >&2
  find "$work/home" -name 'lsp.log' -exec tail -n 40 {} \; >&2 || true
fi
exit "$status"
