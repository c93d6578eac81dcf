#!/usr/bin/env python3
"""Convert the curated `models` namespace (spec §11 A) from EVN to the reference format.

Usage:
    python3 tools/reference/models.py [--data DATA_DIR] [--check]

Reads `data/models/models.evn`, a file of `define context NAME "DESCRIPTION" aka
ALIAS, ... is CLASS, ...` statements curated by hand (no package ships laboratory
strains, disease models and syngeneic lines), and writes, in the format of the other
reference namespaces (`tools/reference/generate.py`):

    models.tsv.gz   NAME<TAB>ALIAS...               sorted in code point order
    info.tsv.gz     NAME<TAB>DESCRIPTION<TAB>CLASS...

with the same rules for names: a name that is not an EVN NAME stays as it is (written
in backticks), and its NAME form (runs of spaces become `-`) is added as an alias when
that is a NAME. A NAME here may end in a genotype (`ApoE-/-`, spec §11 J). The gzip
files carry no name and no time, so the same file gives the same bytes. `--check`
writes nothing and fails when the files on disk differ from what it would write.

Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import gzip
import re
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
import generate  # noqa: E402  (the namespace writer and the NAME rules)

# The lexer's NAME, with the genotype ending of spec §11 J.
is_name = generate.is_name


TOKEN = re.compile(
    r"""(?P<comment>\#[^\n]*)
      | (?P<qname>`[^`\n]*`)
      | (?P<string>"(?:\\.|[^"\\\n])*")
      | (?P<comma>,)
      | (?P<word>[^\s,"`]+)
      | (?P<space>\s+)""",
    re.VERBOSE,
)


class ParseError(Exception):
    pass


def tokens(text: str):
    pos = 0
    line = 1
    while pos < len(text):
        m = TOKEN.match(text, pos)
        if not m:
            raise ParseError(f"line {line}: unexpected character {text[pos]!r}")
        kind = m.lastgroup
        value = m.group()
        if kind not in ("comment", "space"):
            yield kind, value, line
        line += value.count("\n")
        pos = m.end()


def unquote(kind: str, value: str) -> str:
    if kind == "qname":
        return value[1:-1]
    if kind == "string":
        return re.sub(r"\\(.)", r"\1", value[1:-1])
    return value


def parse(text: str) -> list[tuple[str, str, list[str], list[str]]]:
    """The `define context` statements: (name, description, aliases, classes)."""
    toks = list(tokens(text))
    entries = []
    i = 0

    def names(i: int) -> tuple[list[str], int]:
        out = []
        while True:
            if i >= len(toks) or toks[i][0] not in ("word", "qname"):
                raise ParseError(f"line {toks[i - 1][2]}: expected a name")
            kind, value, line = toks[i]
            if kind == "word" and not is_name(value):
                raise ParseError(f"line {line}: `{value}` is not a NAME; write it in backticks")
            out.append(unquote(kind, value))
            i += 1
            if i < len(toks) and toks[i][0] == "comma":
                i += 1
                continue
            return out, i

    while i < len(toks):
        kind, value, line = toks[i]
        if (kind, value) != ("word", "define") or i + 2 >= len(toks) or toks[i + 1][1] != "context":
            raise ParseError(f"line {line}: expected `define context`")
        name_kind, name, _ = toks[i + 2]
        if name_kind not in ("word", "qname"):
            raise ParseError(f"line {line}: expected the entry's name")
        if name_kind == "word" and not is_name(name):
            raise ParseError(f"line {line}: `{name}` is not a NAME; write it in backticks")
        name = unquote(name_kind, name)
        i += 3
        description = ""
        if i < len(toks) and toks[i][0] == "string":
            description = unquote("string", toks[i][1])
            i += 1
        aliases: list[str] = []
        classes: list[str] = []
        while i < len(toks) and toks[i][0] == "word" and toks[i][1] in ("aka", "is"):
            attribute = toks[i][1]
            found, i = names(i + 1)
            (aliases if attribute == "aka" else classes).extend(found)
        entries.append((name, description, aliases, classes))
    return entries


def build(entries) -> generate.Namespace:
    ns = generate.Namespace()
    seen: dict[str, str] = {}
    for name, description, aliases, classes in entries:
        if name in ns.aliases:
            raise ParseError(f"`{name}` is defined twice")
        ns.add(name, aliases, description, classes)
    # A name or alias that two entries carry would be ambiguous: the curation must not.
    for name, own in ns.aliases.items():
        for alias in [name, *own]:
            key = generate.variant_key(alias)
            if seen.setdefault(key, name) != name:
                raise ParseError(f"`{alias}` of `{name}` is also a name or alias of `{seen[key]}`")
    return ns


def write(ns: generate.Namespace, folder: Path) -> dict:
    counts = ns.write(folder, "models")
    counts["not_names"] = sum(1 for n in ns.aliases if not is_name(n))
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--data", type=Path, default=Path(__file__).resolve().parents[2] / "data")
    parser.add_argument("--check", action="store_true", help="write nothing; fail if the files differ")
    args = parser.parse_args()
    folder: Path = args.data / "models"
    try:
        ns = build(parse((folder / "models.evn").read_text(encoding="utf-8")))
    except ParseError as e:
        print(f"models.evn: {e}", file=sys.stderr)
        return 1
    if args.check:
        with tempfile.TemporaryDirectory() as tmp:
            write(ns, Path(tmp))
            stale = [
                f for f in ("models.tsv.gz", "info.tsv.gz")
                if not (folder / f).exists() or (folder / f).read_bytes() != (Path(tmp) / f).read_bytes()
            ]
        if stale:
            print(f"out of date: {', '.join(stale)}; run tools/reference/models.py", file=sys.stderr)
            return 1
        return 0
    counts = write(ns, folder)
    print("models", counts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
