#!/usr/bin/env python3
"""Times PyBEL compiling the BEL script of bench/bel/generate.py, one run per process,
and prints one line of JSON: statements, edges, warnings, CPU and wall seconds of the
parse alone (`pybel.from_bel_script`), of the import, and the peak RSS.

Run it with the Python of a venv where `pybel` is installed, pinned to one core, and
without network to show nothing is fetched (bench/bel/compare.sh does all of that):
  taskset -c 0 VENV/bin/python bench/bel/run.py bench/corpus/bel/claims-10000.bel
"""
import json
import resource
import sys
import time

t0, c0 = time.perf_counter(), time.process_time()
import pybel  # noqa: E402  (timed: the import is part of what a user waits for)
from pybel.version import get_version  # noqa: E402

import_wall, import_cpu = time.perf_counter() - t0, time.process_time() - c0

path = sys.argv[1]
t1, c1 = time.perf_counter(), time.process_time()
graph = pybel.from_bel_script(path, no_identifier_validation=True)
wall, cpu = time.perf_counter() - t1, time.process_time() - c1
print(json.dumps({
    "pybel": get_version(),
    "python": sys.version.split()[0],
    "file": path,
    "edges": graph.number_of_edges(),
    "nodes": graph.number_of_nodes(),
    "warnings": len(graph.warnings),
    "first_warnings": [str(w[2]) if len(w) > 2 else str(w) for w in graph.warnings[:3]],
    "import_cpu_s": round(import_cpu, 3),
    "import_wall_s": round(import_wall, 3),
    "parse_cpu_s": round(cpu, 3),
    "parse_wall_s": round(wall, 3),
    "peak_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1),
}))
