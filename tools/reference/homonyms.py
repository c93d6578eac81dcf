#!/usr/bin/env python3
"""Homonyms across the reference namespaces (spec §11 C): for every alias, is the same
name, compared case-insensitively and ignoring `-`, `_` and spaces, also carried by
another entry (canonical name or alias), in the same namespace or another?

Usage:
    python3 tools/reference/homonyms.py [--data DATA_DIR] [--examples N] [--markdown]

Reads `data/genes/human.tsv` and `mouse.tsv` (plain TSV) and every other
`data/<kind>/<kind>.tsv.gz`; all are `NAME<TAB>ALIAS...`. Prints, for each pair of
namespaces (the alias's namespace first), how many aliases are homonyms of another
entry there, and the most common examples (the aliases that the most other entries
carry first). Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import gzip
import sys
from collections import defaultdict
from pathlib import Path


def key(name: str) -> str:
    return "".join(c for c in name.lower() if c not in "-_ ")


def namespaces(data: Path) -> dict[str, Path]:
    found = {"genes:human": data / "genes" / "human.tsv", "genes:mouse": data / "genes" / "mouse.tsv"}
    for folder in sorted(p for p in data.iterdir() if p.is_dir()):
        path = folder / f"{folder.name}.tsv.gz"
        if path.exists():
            found[folder.name] = path
    return {k: v for k, v in found.items() if v.exists()}


def read(path: Path):
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as f:
        for line in f:
            fields = line.rstrip("\n").split("\t")
            if fields and fields[0]:
                yield fields[0], [a for a in fields[1:] if a]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "data")
    parser.add_argument("--examples", type=int, default=30)
    parser.add_argument("--markdown", action="store_true", help="print a Markdown table with a few examples")
    args = parser.parse_args()

    # key -> set of (namespace, entry)
    carriers: dict[str, set[tuple[str, str]]] = defaultdict(set)
    aliases: list[tuple[str, str, str]] = []  # (namespace, entry, alias)
    sizes = {}
    for ns, path in namespaces(args.data).items():
        n = 0
        for name, own in read(path):
            n += 1
            carriers[key(name)].add((ns, name))
            for alias in own:
                carriers[key(alias)].add((ns, name))
                aliases.append((ns, name, alias))
        sizes[ns] = n

    # (alias namespace, other namespace) -> {alias key: (alias, how many other entries)}
    pairs: dict[tuple[str, str], dict[str, tuple[str, int]]] = defaultdict(dict)
    totals: dict[str, int] = defaultdict(int)
    for ns, entry, alias in aliases:
        others = carriers[key(alias)] - {(ns, entry)}
        if not others:
            continue
        totals[ns] += 1
        by_ns: dict[str, int] = defaultdict(int)
        for other_ns, _ in others:
            by_ns[other_ns] += 1
        for other_ns, count in by_ns.items():
            seen = pairs[(ns, other_ns)].get(key(alias))
            if not seen or seen[1] < count:
                pairs[(ns, other_ns)][key(alias)] = (f"{alias} ({entry})", count)

    alias_counts: dict[str, int] = defaultdict(int)
    for ns, _, _ in aliases:
        alias_counts[ns] += 1
    order = list(sizes)
    if args.markdown:
        print("| namespace | entries | entry–alias pairs | pairs whose alias another entry carries |")
        print("|---|---:|---:|---:|")
        for ns in order:
            print(f"| {ns} | {sizes[ns]:,} | {alias_counts[ns]:,} | {totals[ns]:,} |")
        print()
        print("| alias in | also carried in | aliases | examples |")
        print("|---|---|---:|---|")
        for (a, b), found in sorted(pairs.items(), key=lambda kv: (order.index(kv[0][0]), order.index(kv[0][1]))):
            top = sorted(found.values(), key=lambda v: (-v[1], v[0]))[: args.examples]
            examples = ", ".join(f"`{t}`" for t, _ in top)
            print(f"| {a} | {b} | {len(found):,} | {examples} |")
        return 0
    for ns in order:
        print(f"{ns}: {sizes[ns]} entries, {alias_counts[ns]} aliases, {totals[ns]} homonymous aliases")
    for (a, b), found in sorted(pairs.items(), key=lambda kv: (order.index(kv[0][0]), order.index(kv[0][1]))):
        print(f"\n== {a} alias, also in {b}: {len(found)}")
        for text, count in sorted(found.values(), key=lambda v: (-v[1], v[0]))[: args.examples]:
            print(f"  {text}  [{count} other entries in {b}]")
    return 0


if __name__ == "__main__":
    sys.exit(main())
