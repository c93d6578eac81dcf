#!/usr/bin/env bash
# The headless Emacs test of the eglot setup in docs/editors.md: the elisp block of
# its "Emacs (eglot)" section, taken from the document itself, is evaluated in a clean
# `emacs --batch` (no user init), a scratch review is opened, eglot connects to
# `evn lsp` as the setup says, and the test checks the diagnostics flymake shows:
# the severity set by the setup's `:initializationOptions` (contradiction: error; eglot
# sends `workspace/didChangeConfiguration` on connect, which must not reset it), the
# did-you-mean message, and that a hover answers.
#
#   editors/emacs/test/run.sh /path/to/evn     # Emacs 28 + elpa-eglot, or Emacs 29+
#
# Exits 0 when every check passes. Debian: apt-get install -y emacs-nox elpa-eglot.
set -euo pipefail

if [ $# -ne 1 ]; then
  echo "usage: $0 /path/to/evn" >&2
  exit 2
fi
here="$(cd "$(dirname "$0")" && pwd)"
repo="$(cd "$here/../../.." && pwd)"
evn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
[ -x "$evn" ] || { echo "not an executable: $evn" >&2; exit 2; }
command -v emacs >/dev/null || { echo "emacs is required (apt-get install -y emacs-nox elpa-eglot)" >&2; exit 2; }
emacs --version | head -n 1

work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/ws" "$work/home" "$work/bin"
ln -s "$evn" "$work/bin/evn"
# The setup exactly as documented: the first elisp block after "## Emacs (eglot)".
awk '/^## Emacs \(eglot\)/ {on = 1} on && /^```elisp/ {block = 1; next} block && /^```/ {exit} block {print}' \
  "$repo/docs/editors.md" >"$work/setup.el"
[ -s "$work/setup.el" ] || { echo "no elisp block under '## Emacs (eglot)' in docs/editors.md" >&2; exit 1; }
cp "$here/review.evn" "$work/ws/review.evn"

cd "$work/ws"
HOME="$work/home" PATH="$work/bin:$PATH" EVN_SETUP="$work/setup.el" EVN_REVIEW="$work/ws/review.evn" \
  timeout 120 emacs --batch -Q -l "$here/test.el"
