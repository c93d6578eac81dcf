#!/usr/bin/env bash
# The wheel as a user gets it: a fresh virtual environment, a PATH with no cargo (nor
# any other evn), `pip install` of the wheel (no index: the file only); then the `evn`
# it puts in the environment's bin/ must be the crate's version, check the bundled
# review and answer `evn lsp --stdio`. Run by .ci/run.
#
#   tools/release/test-wheel.sh WHEEL VENV      # VENV is made anew (and kept)
set -euo pipefail
[ $# -eq 2 ] || { echo "usage: $0 WHEEL VENV" >&2; exit 2; }
root="$(cd "$(dirname "$0")/../.." && pwd)"
wheel="$1" venv="$2"
version="$(sed -n 's/^version *= *"\(.*\)"/\1/p' "$root/Cargo.toml" | head -n 1)"
case "$(basename "$wheel")" in
  evidence_notation-"$version"-py3-none-*.whl) ;;
  *) echo "the wheel $(basename "$wheel") is not evidence_notation $version for py3-none-<platform>" >&2; exit 1 ;;
esac
python="$(command -v python3)"
rm -rf "$venv"
"$python" -m venv "$venv"
# PATH: the environment's bin/ and a folder holding only `sh`: no cargo, no rustc, no
# other evn (Debian may have cargo in /usr/bin, so the system's folders are left out).
minimal="$venv/.test-path"
mkdir -p "$minimal"
ln -sf "$(command -v sh)" "$minimal/sh"
clean_path="$venv/bin:$minimal"
run() { env -u CARGO_HOME -u RUSTUP_HOME PATH="$clean_path" VIRTUAL_ENV="$venv" "$@"; }
if run sh -c 'command -v cargo || command -v rustc' >/dev/null; then
  echo "cargo or rustc is still on the PATH of the test" >&2
  exit 1
fi
start=$SECONDS
run pip install --quiet --no-index --no-deps "$wheel"
echo "pip install $(basename "$wheel") ($(du -k "$wheel" | cut -f 1) KiB): $((SECONDS - start)) s, no cargo on PATH"
found="$(run sh -c 'command -v evn')"
[ "$found" = "$venv/bin/evn" ] || { echo "evn on PATH is $found, not $venv/bin/evn" >&2; exit 1; }
said="$(run evn --version)"
[ "$said" = "evn $version" ] || { echo "evn --version says '$said', not 'evn $version'" >&2; exit 1; }
echo "$found: $said"
(cd "$root" && run evn check examples/review)
run python3 "$root/tools/release/lsp_smoke.py" evn
