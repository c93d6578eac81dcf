#!/usr/bin/env bash
# A release archive of the evn binary, as the action (tools/action/install.sh) downloads
# it: OUTDIR/evn-TRIPLE.tar.gz (evn-TRIPLE.zip for Windows) holding evn-TRIPLE/evn[.exe],
# the README and the LICENSE, and OUTDIR/evn-TRIPLE.tar.gz.sha256 ("<sha256>  <name>").
# Run by .github/workflows/release.yml on each platform and by .ci/run for Linux x86_64.
#
#   tools/release/archive.sh TRIPLE /path/to/evn[.exe] OUTDIR
set -euo pipefail
if [ $# -ne 3 ]; then
  echo "usage: $0 TRIPLE BINARY OUTDIR" >&2
  exit 2
fi
triple="$1" binary="$2"
root="$(cd "$(dirname "$0")/../.." && pwd)"
mkdir -p "$3"
out="$(cd "$3" && pwd)"
[ -f "$binary" ] || { echo "not a file: $binary" >&2; exit 2; }
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
dir="$scratch/evn-$triple"
mkdir -p "$dir"
case "$triple" in
  *windows*) exe=evn.exe ;;
  *) exe=evn ;;
esac
cp "$binary" "$dir/$exe"
chmod +x "$dir/$exe"
cp "$root/README.md" "$root/LICENSE" "$dir/"
case "$triple" in
  *windows*)
    name="evn-$triple.zip"
    rm -f "$out/$name"
    if command -v zip >/dev/null 2>&1; then
      (cd "$scratch" && zip -q -r "$out/$name" "evn-$triple")
    else
      (cd "$scratch" && 7z a -tzip -bd "$out/$name" "evn-$triple" >/dev/null) # GitHub's Windows runners
    fi
    ;;
  *)
    name="evn-$triple.tar.gz"
    tar czf "$out/$name" -C "$scratch" "evn-$triple"
    ;;
esac
if command -v sha256sum >/dev/null 2>&1; then
  (cd "$out" && sha256sum "$name" >"$name.sha256")
else
  (cd "$out" && shasum -a 256 "$name" >"$name.sha256")
fi
cat "$out/$name.sha256"
