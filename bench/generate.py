#!/usr/bin/env python3
"""Generates the benchmark corpus of BENCHMARKS.md: N valid, distinct claims (default
1,000,000) that `evn check` accepts without any error or warning, written to one file
and, split, to M files (default 100).

Usage: bench/generate.py [--claims N] [--files M] [--out DIR] [--design]

With --design, every claim also carries the qualifiers of spec 0.3 §11 L-M (an
effect, a dose, a duration, a comparator, a sample size, a level that agrees with its
contexts), and the claims go to design.evn only: the corpus of the 0.3 figure.

Claims are drawn deterministically (fixed seed) from the prelude's vocabulary, like
`carrier albumin-NP(paclitaxel, curcumin) with PEI upregulates CDH1 in 4T1, MCF-7/ADR
via emt cite(2)`. To be valid, every claim's objects have a signed role for its
mechanism and the relation follows that sign, so no two claims contradict each other;
repeats are skipped, so there is no duplicate claim.
"""
import argparse
import os
import random

# mechanism -> objects whose signed role for it is "up" / "down" (spec §4).
ROLES = {
    "efflux": {"up": ["drug-uptake"], "down": ["ABCB1", "MDR1", "P-gp", "ABCG2", "BCRP", "ABCC1", "MRP1", "drug-efflux", "multidrug-resistance"]},
    "apoptosis": {"up": ["BAX", "CASP3", "caspase-3", "TP53", "p53", "CYCS", "TNF", "apoptosis"], "down": ["BCL2", "Bcl-2", "mitochondrial-membrane-potential"]},
    "cell-cycle": {"up": ["CDKN1A", "p21", "CDKN1B", "p27", "G2/M-arrest", "G1-arrest", "G0/G1-arrest", "S-arrest"], "down": ["CCND1", "cyclin-D1", "proliferation"]},
    "signaling": {"up": ["MIR34A", "miR-34a", "MAPK8", "JNK", "NFKBIA"], "down": ["AKT1", "Akt", "NOTCH1", "NFKB1", "NF-κB", "STAT3", "HSPB1", "VEGFA", "VEGF"]},
    "emt": {"up": ["CDH1", "E-cadherin"], "down": ["VIM", "vimentin", "CDH2", "N-cadherin", "SNAI1", "Snail", "EMT", "migration", "invasion"]},
    "stemness": {"down": ["STAT3", "CD44"]},
    "ferroptosis": {"up": ["ferroptosis"], "down": ["HSPB1"]},
    "dna-repair": {"down": ["PARP1"]},
}
UP = ["increases", "upregulates", "activates", "induces", "enhances", "promotes", "restores"]
DOWN = ["decreases", "downregulates", "inhibits", "suppresses", "reduces", "blocks", "silences"]
CARRIERS = ["SLN", "liposome", "polymeric-NP", "PLGA-NP", "PLGA-PEG", "micelle", "nanogel", "MNP",
            "Fe3O4-MNP", "graphene-QD", "carbon-QD", "MSN", "exosome", "MoS2", "gold-NP", "niosome",
            "chitosan-NP", "albumin-NP", "nanoemulsion"]
DRUGS = ["doxorubicin", "DOX", "paclitaxel", "PTX", "docetaxel", "talazoparib", "mitoxantrone",
         "resveratrol", "curcumin", "5-FU", "niclosamide", "pterostilbene", "methotrexate", "tamoxifen",
         "gemcitabine", "olaparib", "carboplatin", "lapatinib", "shikonin", "siAKT"]
LIGANDS = ["FA", "HA", "TPGS", "PEG", "DSPE-PEG-FA", "KLA", "chitosan", "PEI", "dextran"]
CONTEXTS = ["TNBC", "HER2+", "ER+", "MCF-7", "MCF-7/ADR", "MDA-MB-231", "4T1", "in-vitro", "in-vivo", "mouse"]
STIMULI = ["pH", "temperature", "NIR", "ultrasound", "hypoxia", "magnetic-field"]
REFS = 1000


IN_VIVO = {"in-vivo", "mouse"}
CELL_LINES = {"MCF-7", "MCF-7/ADR", "MDA-MB-231", "4T1", "in-vitro"}


def design(rng, contexts, sign):
    """The 0.3 qualifiers of one claim: each present with some chance."""
    parts = []
    if rng.random() < 0.5:
        parts.append(f"by {'-' if sign == 'down' else '+'}{rng.randint(1, 99)}.{rng.randint(0, 9)}%")
    elif rng.random() < 0.5:
        parts.append(f"effect IC50 {rng.randint(1, 500)} nM ci {rng.randint(1, 9)}.{rng.randint(0, 9)}-{rng.randint(10, 99)}.{rng.randint(0, 9)} p < 0.0{rng.randint(1, 5)}")
    if rng.random() < 0.6:
        parts.append(rng.choice([f"at {rng.randint(1, 50)} mg/kg", f"at {rng.randint(1, 100)} µM", f"at {rng.randint(1, 20)} mg/kg/day"]))
    if rng.random() < 0.4:
        parts.append(f"for {rng.randint(1, 72)} {rng.choice(['hours', 'days', 'weeks'])}")
    if rng.random() < 0.4:
        parts.append(rng.choice(["vs vehicle", "vs control", "vs doxorubicin + paclitaxel", "vs placebo, docetaxel"]))
    if rng.random() < 0.5:
        parts.append(f"n {rng.randint(3, 600)}")
    if contexts & IN_VIVO and "in-vitro" in contexts:
        pass  # cells and animals both: no level that both agree with
    elif contexts & IN_VIVO:
        parts.append("level in-vivo")
    elif contexts & CELL_LINES:
        parts.append("level in-vitro")
    return parts


def claim(rng, with_design=False):
    mechanism = rng.choice(list(ROLES))
    sign = rng.choice(list(ROLES[mechanism]))
    objects = rng.sample(ROLES[mechanism][sign], k=min(len(ROLES[mechanism][sign]), rng.choice([1, 1, 2, 3])))
    relation = rng.choice(UP if sign == "up" else DOWN)
    payload = rng.sample(DRUGS, k=rng.choice([1, 1, 2]))
    subject = f"carrier {rng.choice(CARRIERS)}({', '.join(payload)})"
    if rng.random() < 0.5:
        subject += f" with {rng.choice(LIGANDS)}"
    parts = [subject, relation, ", ".join(objects)]
    contexts = set()
    if rng.random() < 0.7:
        contexts = rng.sample(CONTEXTS, k=rng.choice([1, 2]))
        parts.append("in " + ", ".join(contexts))
        contexts = set(contexts)
    if rng.random() < 0.15:
        parts.append("under " + rng.choice(STIMULI))
    parts.append(f"via {mechanism}")
    if with_design:
        parts.extend(design(rng, contexts, sign))
    parts.append(f"cite({rng.randint(1, REFS)})")
    return " ".join(parts)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--claims", type=int, default=1_000_000)
    ap.add_argument("--files", type=int, default=100)
    ap.add_argument("--out", default=os.path.join(os.path.dirname(os.path.abspath(__file__)), "corpus"))
    ap.add_argument("--design", action="store_true")
    a = ap.parse_args()
    rng = random.Random(20261128)
    seen = set()
    claims = []
    while len(claims) < a.claims:
        c = claim(rng, a.design)
        if c not in seen:
            seen.add(c)
            claims.append(c)
    refs = [f'ref {i} "Generated reference {i}"' for i in range(1, REFS + 1)]
    if a.design:
        os.makedirs(a.out, exist_ok=True)
        path = os.path.join(a.out, "design.evn")
        with open(path, "w", encoding="utf-8") as f:
            f.write("\n".join(claims + refs) + "\n")
        print(f"{len(claims)} claims, {os.path.getsize(path) / 1e6:.1f} MB in design.evn")
        return
    os.makedirs(os.path.join(a.out, "many"), exist_ok=True)
    with open(os.path.join(a.out, "one.evn"), "w", encoding="utf-8") as f:
        f.write("\n".join(claims + refs) + "\n")
    per = (len(claims) + a.files - 1) // a.files
    for i in range(a.files):
        chunk = claims[i * per:(i + 1) * per]
        if i == 0:
            chunk = refs + chunk
        with open(os.path.join(a.out, "many", f"part-{i:03}.evn"), "w", encoding="utf-8") as f:
            f.write("\n".join(chunk) + "\n")
    size = os.path.getsize(os.path.join(a.out, "one.evn"))
    print(f"{len(claims)} claims, {size / 1e6:.1f} MB in one.evn; {a.files} files in many/")


if __name__ == "__main__":
    main()
