#!/usr/bin/env bash
# The action's install step (install.sh) against a release standing in for GitHub's: a
# folder, given as a file:// URL, holding the archive of the given binary and its
# .sha256 (made by tools/release/archive.sh, as the release workflow does). Checks that
#   1. with the release binary there, it installs it and does not run cargo;
#   2. a tampered archive (its .sha256 unchanged) is refused, and cargo is not run;
#   3. with no binary for this platform in the release, it falls back to cargo install.
# A fake `cargo` on PATH records each call. Run by .ci/run.
#
#   tools/action/test-install.sh /path/to/evn
set -euo pipefail
[ $# -eq 1 ] || { echo "usage: $0 /path/to/evn" >&2; exit 2; }
here="$(cd "$(dirname "$0")" && pwd)"
root="$(dirname "$(dirname "$here")")"
evn="$(cd "$(dirname "$1")" && pwd)/$(basename "$1")"
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

case "$(uname -m)" in
  x86_64 | amd64) arch=x86_64 ;;
  aarch64 | arm64) arch=aarch64 ;;
esac
case "$(uname -s)" in
  Linux) triple="$arch-unknown-linux-gnu" ;;
  Darwin) triple="$arch-apple-darwin" ;;
esac
release="$scratch/the-release"
bash "$root/tools/release/archive.sh" "$triple" "$evn" "$release" >/dev/null

# A cargo that records its calls and "installs" the given binary where --root says.
mkdir -p "$scratch/fakebin"
cat >"$scratch/fakebin/cargo" <<EOS
#!/bin/sh
echo "\$*" >>"$scratch/cargo-calls"
while [ \$# -gt 0 ]; do [ "\$1" = --root ] && dest="\$2"; shift; done
mkdir -p "\$dest/bin" && cp "$evn" "\$dest/bin/evn"
EOS
chmod +x "$scratch/fakebin/cargo"
# PATH: the fake cargo first (ahead of any real one), and no evn.
path="$scratch/fakebin"
IFS=: read -r -a dirs <<<"$PATH"
for dir in "${dirs[@]}"; do
  [ -n "$dir" ] && [ ! -e "$dir/evn" ] && path="$path:$dir"
done

failures=0
fail() { echo "FAILED: $*"; failures=$((failures + 1)); }
ok() { echo "ok: $*"; }

install() { # $1: case name, $2: release URL; prints the binary; status of install.sh
  mkdir -p "$scratch/$1"
  : >"$scratch/$1/output"
  env -u INPUT_EVN PATH="$path" RUNNER_TEMP="$scratch/$1" GITHUB_OUTPUT="$scratch/$1/output" \
    GITHUB_ACTION_PATH="$root" EVN_RELEASE_URL="$2" \
    bash "$root/tools/action/install.sh" 2>"$scratch/$1/log"
}
calls() { [ -f "$scratch/cargo-calls" ] && wc -l <"$scratch/cargo-calls" || echo 0; }

# 1. The release binary: installed, checked, and cargo not run.
if bin="$(install release "file://$release")"; then
  if [ "$bin" = "$scratch/release/evn/bin/evn" ] && cmp -s "$bin" "$evn" && grep -qx "bin=$bin" "$scratch/release/output"; then
    ok "the release binary is installed ($bin, bin= in GITHUB_OUTPUT): $("$bin" --version)"
  else
    fail "installed $bin, which is not the release's binary; output: $(cat "$scratch/release/output")"
  fi
  grep -q "SHA-256" "$scratch/release/log" && ok "its SHA-256 was checked: $(grep SHA-256 "$scratch/release/log")" || fail "no checksum message"
else
  fail "install.sh failed with the release binary there: $(cat "$scratch/release/log")"
fi
[ "$(calls)" -eq 0 ] && ok "cargo was not run" || fail "cargo was run: $(cat "$scratch/cargo-calls")"

# 2. A tampered archive: refused, nothing installed, cargo not run.
tampered="$scratch/the-tampered-release"
cp -r "$release" "$tampered"
printf 'x' >>"$tampered/evn-$triple.tar.gz"
if install tampered "file://$tampered" >/dev/null; then
  fail "a tampered archive was accepted"
else
  grep -q "refusing" "$scratch/tampered/log" && ok "a tampered archive is refused: $(grep refusing "$scratch/tampered/log")" \
    || fail "install.sh failed, but not for the checksum: $(cat "$scratch/tampered/log")"
fi
[ ! -e "$scratch/tampered/evn/bin/evn" ] && ok "nothing was installed from it" || fail "the tampered binary was installed"
[ "$(calls)" -eq 0 ] && ok "cargo was not run after the refusal" || fail "cargo was run after the refusal"

# 3. No binary for this platform in the release: cargo install of the action's revision.
mkdir -p "$scratch/empty-release"
if bin="$(install missing "file://$scratch/empty-release")" && [ "$(calls)" -eq 1 ] &&
  grep -q -- "install --locked --path $root" "$scratch/cargo-calls"; then
  ok "with no release binary, it falls back to: cargo $(cat "$scratch/cargo-calls")"
else
  fail "no fallback to cargo install: $(cat "$scratch/missing/log")"
fi

echo "action install: $failures failed"
[ "$failures" -eq 0 ]
