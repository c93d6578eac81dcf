#!/usr/bin/env python3
"""Writes the same claims twice: as EVN, the way bench/generate.py draws them (same
code, same seed, so they are the first N claims of bench/corpus/one.evn), and as a BEL
script that says the same thing as closely as BEL can, for the comparison with PyBEL in
BENCHMARKS.md.

Usage: bench/bel/generate.py [--claims N] [--out DIR]   (default 10,000, bench/corpus/bel)
Writes DIR/claims-N.evn and DIR/claims-N.bel, and prints the counts.

How a claim maps to BEL (BEL 2.x, as PyBEL reads it):
  carrier SLN(doxorubicin, curcumin) with FA upregulates CDH1, E-cadherin
      in 4T1, MCF-7/ADR under NIR via emt cite(2)
becomes
  SET Citation = {"PubMed", "90000002"}
  SET Evidence = "Generated claim 17"
  SET Context = {"4T1", "MCF-7/ADR"}
  SET Stimulus = "NIR"
  SET Mechanism = "emt"
  composite(a(EVNCARRIER:"SLN"), a(CHEBI:"doxorubicin"), a(CHEBI:"curcumin"), a(EVNLIGAND:"FA")) increases p(HGNC:"CDH1")
  composite(...) increases p(EVNTARGET:"E-cadherin")
- one BEL statement per object (BEL has no object lists), so a claim with three objects
  is three statements;
- the subject is a `composite` of the carrier, the payload and the ligand;
- the relation keeps only its sign: the seven "up" words become `increases`, the seven
  "down" words `decreases`;
- contexts, stimulus and mechanism are annotations; the citation is `SET Citation`
  (reference N becomes a made-up PubMed identifier 90000000 + N; citation clearing
  resets the annotations at each claim);
- gene symbols go in HGNC, the other targets (aliases such as MDR1, P-gp) in a pattern
  namespace of their own, processes in one for biological processes (`bp`); every
  namespace and annotation is a pattern (".*"), so PyBEL downloads nothing and checks
  only that each name matches.
"""
import argparse
import importlib.util
import os
import random
import re

HERE = os.path.dirname(os.path.abspath(__file__))
spec = importlib.util.spec_from_file_location("generate", os.path.join(HERE, "..", "generate.py"))
generate = importlib.util.module_from_spec(spec)
spec.loader.exec_module(generate)

GENES = {
    "ABCB1", "ABCG2", "ABCC1", "BAX", "CASP3", "TP53", "CYCS", "TNF", "BCL2", "CDKN1A", "CDKN1B", "CCND1",
    "MIR34A", "MAPK8", "NFKBIA", "AKT1", "NOTCH1", "NFKB1", "STAT3", "HSPB1", "VEGFA", "CDH1", "VIM", "CDH2",
    "SNAI1", "CD44", "PARP1",
}
PROCESSES = {
    "drug-uptake", "drug-efflux", "multidrug-resistance", "apoptosis", "mitochondrial-membrane-potential",
    "G2/M-arrest", "G1-arrest", "G0/G1-arrest", "S-arrest", "proliferation", "EMT", "migration", "invasion",
    "ferroptosis",
}
CLAIM = re.compile(
    r"carrier (?P<carrier>[^(]+)\((?P<payload>[^)]*)\)(?: with (?P<ligand>\S+))? (?P<relation>\S+) "
    r"(?P<objects>.+?)(?: in (?P<contexts>.+?))?(?: under (?P<stimulus>\S+))? via (?P<mechanism>\S+) "
    r"cite\((?P<cite>\d+)\)$"
)
HEADER = """SET DOCUMENT Name = "evn benchmark corpus"
SET DOCUMENT Version = "1.0.0"
SET DOCUMENT Authors = "bench/bel/generate.py"
SET DOCUMENT ContactInfo = "bench@example.org"
SET DOCUMENT Description = "The claims of bench/generate.py, written in BEL"

DEFINE NAMESPACE HGNC AS PATTERN ".*"
DEFINE NAMESPACE CHEBI AS PATTERN ".*"
DEFINE NAMESPACE EVNCARRIER AS PATTERN ".*"
DEFINE NAMESPACE EVNLIGAND AS PATTERN ".*"
DEFINE NAMESPACE EVNTARGET AS PATTERN ".*"
DEFINE NAMESPACE EVNPROCESS AS PATTERN ".*"
DEFINE ANNOTATION Context AS PATTERN ".*"
DEFINE ANNOTATION Stimulus AS PATTERN ".*"
DEFINE ANNOTATION Mechanism AS PATTERN ".*"
"""


def quoted(items):
    return ", ".join(f'"{i}"' for i in items)


def term(name):
    if name in GENES:
        return f'p(HGNC:"{name}")'
    if name in PROCESSES:
        return f'bp(EVNPROCESS:"{name}")'
    return f'p(EVNTARGET:"{name}")'


def to_bel(number, text):
    m = CLAIM.match(text)
    if not m:
        raise SystemExit(f"cannot read claim {number}: {text}")
    parts = [f'a(EVNCARRIER:"{m["carrier"]}")']
    parts += [f'a(CHEBI:"{d}")' for d in m["payload"].split(", ")]
    if m["ligand"]:
        parts.append(f'a(EVNLIGAND:"{m["ligand"]}")')
    subject = f"composite({', '.join(parts)})"
    relation = "increases" if m["relation"] in generate.UP else "decreases"
    lines = [f'SET Citation = {{"PubMed", "{90000000 + int(m["cite"])}"}}', f'SET Evidence = "Generated claim {number}"']
    if m["contexts"]:
        contexts = m["contexts"].split(", ")
        lines.append(f"SET Context = {{{quoted(contexts)}}}" if len(contexts) > 1 else f'SET Context = "{contexts[0]}"')
    if m["stimulus"]:
        lines.append(f'SET Stimulus = "{m["stimulus"]}"')
    lines.append(f'SET Mechanism = "{m["mechanism"]}"')
    objects = m["objects"].split(", ")
    lines += [f"{subject} {relation} {term(o)}" for o in objects]
    return lines, len(objects)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=10_000)
    ap.add_argument("--out", default=os.path.join(HERE, "..", "corpus", "bel"))
    a = ap.parse_args()
    rng = random.Random(20261128)  # bench/generate.py's seed: the same claims, in order
    seen, claims = set(), []
    while len(claims) < a.claims:
        c = generate.claim(rng)
        if c not in seen:
            seen.add(c)
            claims.append(c)
    os.makedirs(a.out, exist_ok=True)
    refs = [f'ref {i} "Generated reference {i}"' for i in range(1, generate.REFS + 1)]
    evn_path = os.path.join(a.out, f"claims-{a.claims}.evn")
    with open(evn_path, "w", encoding="utf-8") as f:
        f.write("\n".join(claims + refs) + "\n")
    statements = 0
    bel_path = os.path.join(a.out, f"claims-{a.claims}.bel")
    with open(bel_path, "w", encoding="utf-8") as f:
        f.write(HEADER)
        for number, c in enumerate(claims, 1):
            lines, n = to_bel(number, c)
            statements += n
            f.write("\n" + "\n".join(lines) + "\n")
    print(f"{len(claims)} claims -> {evn_path} ({os.path.getsize(evn_path) / 1e6:.1f} MB); "
          f"{statements} BEL statements -> {bel_path} ({os.path.getsize(bel_path) / 1e6:.1f} MB)")


if __name__ == "__main__":
    main()
