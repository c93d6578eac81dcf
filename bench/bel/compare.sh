#!/usr/bin/env bash
# PyBEL against evn on the same claims (BENCHMARKS.md, "Against PyBEL"): writes N claims
# as EVN and as BEL (bench/bel/generate.py; default 5,000 claims), then times, pinned to
# one core, PyBEL compiling the BEL script (bench/bel/run.py, RUNS_BEL runs, default 3;
# without network when `unshare -n` works, to show that nothing is fetched) and
# `evn check` on the EVN file (RUNS runs of 20 processes, default 5), and prints one
# table.
#
# Usage: PYBEL_PYTHON=/path/to/venv/bin/python bench/bel/compare.sh [N]
# Set up PyBEL once, outside the repository:
#   python3 -m venv ../venv-pybel && ../venv-pybel/bin/pip install pybel==0.15.5
set -euo pipefail
cd "$(dirname "$0")/../.."

claims="${1:-5000}"
runs="${RUNS:-5}"
runs_bel="${RUNS_BEL:-3}"
python="${PYBEL_PYTHON:-python3}"
target="${CARGO_TARGET_DIR:-target}"
evn="$target/release/evn"
out=bench/corpus/bel

"$python" -c "import pybel" 2>/dev/null || {
  echo "PyBEL is not importable by $python; set PYBEL_PYTHON (see the header of $0)"
  exit 2
}
[ -x "$evn" ] || cargo build --release --locked --bin evn
[ -f "$out/claims-$claims.bel" ] || python3 bench/bel/generate.py --claims "$claims" --out "$out"

offline=()
if unshare -n true 2>/dev/null; then
  offline=(unshare -n)
fi
scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT
load() { cut -d' ' -f1-3 /proc/loadavg; }

echo "== PyBEL on $out/claims-$claims.bel, $runs_bel runs, one core${offline:+, no network} (load $(load))"
for i in $(seq "$runs_bel"); do
  taskset -c 0 "${offline[@]}" "$python" bench/bel/run.py "$out/claims-$claims.bel" | tee -a "$scratch/pybel.jsonl"
done
# One evn run on a few thousand claims takes about 10 ms, the resolution of
# /usr/bin/time: each timed run is a loop of $loops processes, and the figures are
# divided by $loops (peak RSS is the largest of one process).
loops=20
echo "== evn check on $out/claims-$claims.evn, $runs runs of $loops processes, one core (load $(load))"
for i in $(seq "$runs"); do
  /usr/bin/time -a -o "$scratch/evn.times" -f "%e %U %S %M" taskset -c 0 bash -c \
    "for j in \$(seq $loops); do '$evn' check '$out/claims-$claims.evn' --format short >'$scratch/evn.out' 2>&1 || true; done"
done
tail -1 "$scratch/evn.out"

python3 - "$claims" "$out/claims-$claims.bel" "$scratch/pybel.jsonl" "$scratch/evn.times" "$("$evn" --version 2>/dev/null || echo evn)" "$loops" <<'EOF'
import json, statistics, sys
claims, bel, pybel_runs, evn_times, evn_version = int(sys.argv[1]), sys.argv[2], sys.argv[3], sys.argv[4], sys.argv[5]
loops = int(sys.argv[6])
statements = sum(1 for line in open(bel, encoding="utf-8") if line.startswith("composite("))
runs = [json.loads(line) for line in open(pybel_runs)]
cpu = sorted(r["parse_cpu_s"] for r in runs)
wall = sorted(r["parse_wall_s"] for r in runs)
rss = max(r["peak_rss_mb"] for r in runs)
times = [list(map(float, l.split())) for l in open(evn_times) if l.strip() and l[0].isdigit()]
ecpu = sorted((t[1] + t[2]) / loops for t in times)
ewall = sorted(t[0] / loops for t in times)
erss = max(t[3] for t in times) / 1024
print()
print(f"{claims} claims = {claims} EVN claim statements = {statements} BEL relation statements; "
      f"PyBEL import {min(r['import_cpu_s'] for r in runs):.2f} s CPU (not counted below); "
      f"PyBEL graph: {runs[0]['nodes']} nodes, {runs[0]['edges']} edges, {runs[0]['warnings']} warnings")
print()
print("| tool | version | statements | CPU s (min / median) | wall s (min / median) | statements per CPU s | claims per CPU s | peak RSS MB |")
print("|---|---|---|---|---|---|---|---|")
print(f"| PyBEL `from_bel_script` | {runs[0]['pybel']} (Python {runs[0]['python']}) | {statements} BEL | "
      f"{cpu[0]:.2f} / {statistics.median(cpu):.2f} | {wall[0]:.2f} / {statistics.median(wall):.2f} | "
      f"{statements / cpu[0]:,.0f} | {claims / cpu[0]:,.0f} | {rss:.0f} |")
print(f"| `evn check` (whole process) | {evn_version.split()[-1]} | {claims} EVN | "
      f"{ecpu[0]:.3f} / {statistics.median(ecpu):.3f} | {ewall[0]:.3f} / {statistics.median(ewall):.3f} | "
      f"{claims / ecpu[0]:,.0f} | {claims / ecpu[0]:,.0f} | {erss:.0f} |")
print()
print(f"ratio (claims per CPU s, best runs): evn / PyBEL = {(claims / ecpu[0]) / (claims / cpu[0]):,.0f}x")
EOF
echo "load average at the end: $(load)"
