#!/usr/bin/env bash
# The headless Neovim test of editors/neovim: loads the plugin from this repository
# into a clean Neovim (no user config), opens example.evn with `evn lsp` as the
# server and checks the diagnostics it publishes, a jump to a definition, a hover
# on an alias, the did-you-mean code action (applied, its diagnostic gone) and a
# completion; first, syntax.sh checks the syntax file (no server). The plugin is set
# up without a path: it must find the server in the active virtual environment
# ($VIRTUAL_ENV/bin/evn, where pip installs it); the given binary is put in a
# scratch one, unless it is already in a virtual environment's bin/.
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

# The syntax file first: it needs no server.
bash "$here/syntax.sh"

# A scratch workspace (no evn.toml, no .git above it in /tmp) and a scratch home, so
# that neither the repository's other .evn files nor a user's config take part.
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/home" "$work/venv/bin"
cp "$here/example.evn" "$work/ws/example.evn"
# The server as `pip install evidence-notation` leaves it: in the active virtual
# environment's bin/ (given as one, when $1 is already there).
venv_dir="$(dirname "$(dirname "$evn")")"
if [ "$(basename "$(dirname "$evn")")" = bin ] && [ -f "$venv_dir/pyvenv.cfg" ]; then
  venv="$venv_dir"
else
  venv="$work/venv"
  ln -s "$evn" "$venv/bin/evn"
fi
# Ahead of it on PATH, a decoy evn that is no server: the virtual environment's comes first.
mkdir -p "$work/decoy"
printf '#!/bin/sh\necho "the decoy evn on PATH was started" >&2\nexit 1\n' >"$work/decoy/evn"
chmod +x "$work/decoy/evn"
search_path="$work/decoy:$PATH"

status=0
(
  cd "$work/ws"
  HOME="$work/home" XDG_CONFIG_HOME="$work/home/.config" XDG_DATA_HOME="$work/home/.local/share" \
  XDG_STATE_HOME="$work/home/.local/state" XDG_CACHE_HOME="$work/home/.cache" \
  VIRTUAL_ENV="$venv" PATH="$search_path" EVN_EXAMPLE="$work/ws/example.evn" \
  timeout 120 nvim --headless -u NONE -i NONE -n \
    --cmd "set runtimepath^=$plugin" --cmd "filetype plugin on" --cmd "syntax on" \
    -c "luafile $here/diagnostics.lua" </dev/null
) || status=$?

if [ "$status" -ne 0 ]; then
  echo "the Neovim test failed (exit $status); the LSP log:" >&2
  find "$work/home" -name 'lsp.log' -exec tail -n 40 {} \; >&2 || true
fi
exit "$status"
