#!/usr/bin/env bash
# The headless Neovim test of editors/neovim/syntax/evn.vim: opens syntax.evn in a
# clean Neovim (no user config) with the plugin on the runtime path and checks the
# syntax group of the words of spec 0.3 §11 K, L, M (syntax.lua). Needs no server.
#
#   editors/neovim/test/syntax.sh      # Neovim 0.7 or newer on PATH
set -euo pipefail
here="$(cd "$(dirname "$0")" && pwd)"
plugin="$(dirname "$here")"
command -v nvim >/dev/null || { echo "nvim is required (apt-get install -y neovim)" >&2; exit 2; }
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
HOME="$work" XDG_CONFIG_HOME="$work/.config" XDG_DATA_HOME="$work/.local/share" \
XDG_STATE_HOME="$work/.local/state" XDG_CACHE_HOME="$work/.cache" \
EVN_SYNTAX_FILE="$here/syntax.evn" \
  timeout 60 nvim --headless -u NONE -i NONE -n \
    --cmd "set runtimepath^=$plugin" --cmd "filetype plugin on" --cmd "syntax on" \
    -c "luafile $here/syntax.lua" </dev/null
