#!/usr/bin/env bash
# The end-to-end figures of BENCHMARKS.md in one run: generates the corpus when it is
# missing (bench/generate.py), builds the release binary, then times with /usr/bin/time
#   - `evn check` on 1,000,000 claims in one file, pinned to one core (taskset -c 0);
#   - `evn check` on the same claims in 100 files, on one core and on two;
#   - `evn fmt --check` on the 1,000,000-claim file, one core;
#   - `evn export --format json` on 100,000 claims in 10 files, one core;
# each RUNS times (default 5), and prints min and median of CPU time (user + system)
# and wall time, the largest peak RSS, and claims per CPU second. Then it runs
# `cargo bench --bench server_latency` when that benchmark exists.
#
# Usage: bench/run.sh            (RUNS=N to change the runs; respects CARGO_TARGET_DIR;
#                                 EVN=path/to/evn times that binary and builds nothing)
# The machine is shared: CPU time is the figure to trust; the load average is printed.
set -euo pipefail
cd "$(dirname "$0")/.."

runs="${RUNS:-5}"
target="${CARGO_TARGET_DIR:-target}"
evn="${EVN:-$target/release/evn}"
corpus=bench/corpus
cpus=$(nproc)

command -v /usr/bin/time >/dev/null || { echo "GNU time (/usr/bin/time) is required"; exit 2; }
command -v taskset >/dev/null || { echo "taskset (util-linux) is required"; exit 2; }

if [ ! -f "$corpus/one.evn" ] || [ ! -d "$corpus/many" ]; then
  echo "== generating $corpus (1,000,000 claims)"
  python3 bench/generate.py --out "$corpus"
fi
if [ ! -f "$corpus/design.evn" ]; then
  echo "== generating $corpus/design.evn (1,000,000 claims with the qualifiers of spec 0.3)"
  python3 bench/generate.py --design --out "$corpus"
fi
if [ ! -d "$corpus/100k" ]; then
  echo "== generating $corpus/100k (100,000 claims in 10 files)"
  python3 bench/generate.py --claims 100000 --files 10 --out "$corpus/100k"
fi

if [ -z "${EVN:-}" ]; then
  echo "== building the release binary"
  cargo build --release --locked --bin evn 2>&1 | tail -1
fi

scratch="$(mktemp -d)"
trap 'rm -rf "$scratch"' EXIT

load() { cut -d' ' -f1-3 /proc/loadavg; }

# measure LABEL CLAIMS CORES CMD...: runs CMD RUNS times on the cores given (a taskset
# list) and appends one row to the table.
rows=()
measure() {
  local label=$1 claims=$2 cores=$3
  shift 3
  local times="$scratch/times"
  : >"$times"
  local status=0
  for _ in $(seq "$runs"); do
    status=0
    # The corpus back into the page cache first: the machine reclaims idle cache, and a
    # run that reads 93 MB from disk measured 3.1-3.5 s of wall time for 1.1 s of CPU.
    cat "$corpus/one.evn" "$corpus"/many/*.evn "$corpus"/100k/*.evn >/dev/null
    /usr/bin/time -o "$scratch/one" -f "%e %U %S %M" taskset -c "$cores" "$@" >"$scratch/out" 2>&1 || status=$?
    # GNU time writes "Command exited with non-zero status N" first when it is not 0.
    tail -1 "$scratch/one" >>"$times"
  done
  rows+=("$(python3 - "$label" "$claims" "$cores" "$status" "$times" <<'EOF'
import statistics, sys
label, claims, cores, status, path = sys.argv[1], int(sys.argv[2]), sys.argv[3], sys.argv[4], sys.argv[5]
rows = [list(map(float, line.split())) for line in open(path) if line.strip()]
wall = sorted(r[0] for r in rows)
cpu = sorted(r[1] + r[2] for r in rows)
rss = max(r[3] for r in rows) / 1024
rate = claims / cpu[0] / 1e6 if cpu[0] > 0 else float("nan")
print(f"| {label} | {cores} | {len(rows)} | {cpu[0]:.2f} / {statistics.median(cpu):.2f} | "
      f"{wall[0]:.2f} / {statistics.median(wall):.2f} | {rss:.0f} | {rate:.2f} | {status} |")
EOF
)")
  echo "   done: $label (load $(load))"
}

echo "== end to end, $runs runs each (load average at start: $(load); $cpus cores)"
measure "check, 1M claims, one file" 1000000 0 "$evn" check "$corpus/one.evn" --format short
measure "check, 1M claims with 0.3 qualifiers, one file" 1000000 0 "$evn" check "$corpus/design.evn" --format short
measure "check, 1M claims, 100 files" 1000000 0 "$evn" check "$corpus/many" --format short
if [ "$cpus" -ge 2 ]; then
  measure "check, 1M claims, 100 files" 1000000 0,1 "$evn" check "$corpus/many" --format short
fi
measure "fmt --check, 1M claims, one file" 1000000 0 "$evn" fmt --check "$corpus/one.evn"
measure "export --format json, 100k claims, 10 files" 100000 0 "$evn" export "$corpus/100k/many" --format json -o "$scratch/export.json"

echo
echo "load average at the end: $(load)"
echo
echo "| what | cores | runs | CPU s (min / median) | wall s (min / median) | peak RSS MB | M claims per CPU s (best) | exit |"
echo "|---|---|---|---|---|---|---|---|"
printf '%s\n' "${rows[@]}"

if [ -f benches/server_latency.rs ]; then
  echo
  echo "== cargo bench --bench server_latency (load average: $(load))"
  cargo bench --locked --bench server_latency
else
  echo
  echo "(benches/server_latency.rs is not there: no server latency figures)"
fi
