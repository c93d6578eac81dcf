#!/usr/bin/env python3
"""Builds tests/suggestions/labelled.tsv, the labelled set behind the "did you mean"
figures in TESTING.md (run from the repository root; deterministic).

Two kinds of items, one a line: `written<TAB>position<TAB>intended`.
- Typos: a real name (a prelude entry or alias, or a gene symbol that papers use)
  with one keyboard slip of the kinds people make: two neighbouring letters swapped,
  a letter dropped, a letter doubled, or a letter replaced by a QWERTY neighbour.
  `intended` is the real name: the right suggestion.
- Unrelated real words: names from reviews on other topics that the vocabulary does
  not know (drugs, cell lines, organisms, outcomes, mutations, bacterial genes).
  `intended` is `-`: any suggestion is a wrong one.
"""
import random
import re

rng = random.Random(15)

KIND_POSITION = {
    "target": "object", "process": "object", "drug": "payload", "carrier": "carrier",
    "ligand": "with", "context": "context", "stimulus": "stimulus", "mechanism": "mechanism",
}

names = []  # (name, position)
text = open("src/vocab/prelude.evn", encoding="utf-8").read()
for statement in re.split(r"\n(?=\S)", text):
    m = re.match(r"define (\w+) (`[^`]*`|\S+)", statement)
    if not m or m.group(1) not in KIND_POSITION:
        continue
    position = KIND_POSITION[m.group(1)]
    found = [m.group(2)]
    aka = re.search(r"\baka ((?:`[^`]*`|[^\s,]+)(?:, (?:`[^`]*`|[^\s,]+))*)", statement)
    if aka:
        found += aka.group(1).split(", ")
    names += [(n, position) for n in found if not n.startswith("`")]

# Gene symbols that reviews name often (the gene namespace has them all).
GENES = """EGFR KRAS BRAF MGMT PTEN CDKN2A MYC ALK ROS1 NRAS HRAS ERBB3 MET IGF1R AXL
SOX2 NANOG ALDH1A1 PROM1 MCL1 BCL2L1 XIAP BIRC5 CASP9 CASP8 PARP1 ATM ATR CHEK1 WEE1
KEAP1 HMOX1 NQO1 GCLC TXNRD1 SLC7A11 GPX4 ACSL4 TFRC FTH1 NCOA4 HIF1A VEGFA KDR PDGFRA
KIT FLT3 JAK2 STAT5A MAP2K1 MAPK1 MAPK3 RAF1 PIK3CA MTOR RPTOR RICTOR TSC2 LKB1 STK11
TGFB1 SMAD4 ZEB2 TWIST1 SNAI2 CDH1 CDH2 VIM FN1 MMP2 MMP9 TIMP1 ABCC2 ABCC3 ABCG2 ABCB1
SLC22A1 CYP3A4 CYP2D6 UGT1A1 GSTP1 TOP2A TOP1 TUBB3 ERCC1 XRCC1 MLH1 MSH2 BRCA1 BRCA2
RAD51 FANCD2 CD274 PDCD1 CTLA4 LAG3 HAVCR2 TIGIT IDO1 CXCL12 CXCR4 IL6 IL10 TNF IFNG
NOTCH1 HES1 CTNNB1 GLI1 SHH NFKB1 RELA IKBKB TP53 MDM2 CDKN1A RB1 E2F1 CCND1 CDK4 CDK6
AURKA PLK1 BUB1 MKI67 PCNA TERT DNMT1 EZH2 HDAC1 BRD4 KMT2A DOT1L NPM1 IDH1 IDH2 TET2""".split()
names += [(g, "object") for g in GENES]

QWERTY = ["qwertyuiop", "asdfghjkl", "zxcvbnm"]
def neighbours(c):
    low = c.lower()
    for row in QWERTY:
        i = row.find(low)
        if i >= 0:
            near = [row[j] for j in (i - 1, i + 1) if 0 <= j < len(row)]
            return [n.upper() if c.isupper() else n for n in near]
    return []

def typo(name):
    letters = [i for i, c in enumerate(name) if c.isalpha()]
    if len(letters) < 2:
        return None
    for _ in range(20):
        op = rng.choice(["swap", "drop", "double", "near"])
        i = rng.choice(letters)
        if op == "swap" and i + 1 < len(name) and name[i + 1].isalpha() and name[i] != name[i + 1]:
            return name[:i] + name[i + 1] + name[i] + name[i + 2:]
        if op == "drop" and len(name) > 3:
            return name[:i] + name[i + 1:]
        if op == "double":
            return name[:i] + name[i] + name[i:]
        if op == "near" and neighbours(name[i]):
            return name[:i] + rng.choice(neighbours(name[i])) + name[i + 1:]
    return None

seen = set()
items = []
pool = sorted(set(names))
rng.shuffle(pool)
for name, position in pool:
    if len(items) >= 260:
        break
    written = typo(name)
    if written and written.lower() not in seen and written != name:
        seen.add(written.lower())
        items.append((written, position, name))

UNRELATED = {
    "payload": """alectinib lorlatinib osimertinib gefitinib erlotinib afatinib crizotinib brigatinib
dacomitinib sotorasib adagrasib amivantamab imatinib dasatinib nilotinib bosutinib ponatinib
asciminib vemurafenib dabrafenib encorafenib trametinib binimetinib cobimetinib ipilimumab
nivolumab temozolomide lomustine bevacizumab cisplatin oxaliplatin irinotecan etoposide
vancomycin linezolid daptomycin colistin meropenem ceftazidime avibactam ciprofloxacin
rifampicin tigecycline gentamicin amikacin""".split(),
    "context": """A549 PC-9 NCI-H1975 HCC827 H1299 T98G U251 LN229 K562 KU812 KCL-22 LAMA-84
A375 SK-MEL-28 WM266-4 451Lu MRSA VRE Escherichia-coli Klebsiella-pneumoniae
Pseudomonas-aeruginosa Acinetobacter-baumannii Staphylococcus-aureus NSCLC CML melanoma
glioblastoma zebrafish rat Galleria-mellonella xenograft PDX""".split(),
    "object": """survival nephrotoxicity cardiotoxicity ototoxicity ERCC1-negative EGFR-mutant T790M
C797S V600E T315I E255K mecA vanA KPC-2 NDM-1 OXA-48 NorA AcrB MexAB-OprM PBP2a
blaCTX-M-15 mcr-1 gyrA parC erm(B) tetM qnrS TfR biofilm quorum-sensing efflux-pump
pyocyanin persisters CFU MIC90 hemolysis leukemogenesis melanogenesis pigmentation
BCR-ABL-kinase-domain-mutation stem-cell-quiescence""".split(),
    "with": """PLGA-b-PEG DSPE-PEG2000 cholesterol lecithin poloxamer-188 Tween-80 transferrin
RGD iRGD angiopep-2 lactoferrin-peptide""".split(),
    "carrier": """PAMAM-dendrimer lipid-nanocapsule silver-NP cubosome LNP polymersome""".split(),
}
for position, words in UNRELATED.items():
    for word in words:
        items.append((word, position, "-"))

# The reference namespaces (spec §10 A): typos of names they hold, as reviews write
# them, and more words no namespace holds (formulations and lab jargon). Measured with
# the default namespaces only, in tests/suggestions/labelled-reference.tsv.
REFERENCE = {
    "payload": UNRELATED["payload"] + """paclitaxel docetaxel doxorubicin gemcitabine capecitabine
carboplatin lapatinib neratinib tucatinib olaparib niraparib rucaparib venetoclax navitoclax
sorafenib sunitinib regorafenib cabozantinib lenvatinib everolimus palbociclib ribociclib
abemaciclib fulvestrant tamoxifen letrozole anastrozole trastuzumab pertuzumab cetuximab
pembrolizumab atezolizumab durvalumab azacitidine decitabine cytarabine daunorubicin
methotrexate vincristine bortezomib carfilzomib lenalidomide ruxolitinib midostaurin
gilteritinib quizartinib erdafitinib selpercatinib capmatinib tepotinib entrectinib
larotrectinib clarithromycin azithromycin doxycycline minocycline ampicillin amoxicillin
piperacillin cefepime ceftriaxone imipenem ertapenem aztreonam polymyxin fosfomycin
nitrofurantoin levofloxacin moxifloxacin isoniazid ethambutol bedaquiline""".split(),
    "context": [w for w in UNRELATED["context"] if w[0].isupper() and len(w) > 4] + """MCF-7
MDA-MB-231 HeLa HCT116 HT-29 SW480 PANC-1 HepG2 Huh-7 SK-OV-3 OVCAR-3 DU145 LNCaP
Jurkat HL-60 THP-1 RAW264.7 NIH-3T3 HEK293 breast-carcinoma hepatocellular-carcinoma
pancreatic-adenocarcinoma colorectal-carcinoma ovarian-carcinoma prostate-carcinoma
neuroblastoma osteosarcoma medulloblastoma Mycobacterium-tuberculosis
Enterococcus-faecium Candida-albicans Streptococcus-pneumoniae""".split(),
}
REFERENCE_UNRELATED = {
    "payload": """siAKT shMDR1 miR-34a-mimic anti-PD-L1-siRNA DOX-prodrug PTX-conjugate
TPGS-1000 CUR-analogue ICG-dye""".split(),
    "carrier": """TAL-SLN F0-NP DOX-PLGA-NP pH-micelle ZIF-8-NP MSN-PEG Au-nanorod
exosome-mimetic""".split(),
    "context": """3D-spheroid organoid-culture hypoxic-niche drug-tolerant-persisters
tumour-rim biofilm-matrix""".split(),
}
reference_items = []
for position, words in REFERENCE.items():
    for name in sorted(set(words)):
        written = typo(name)
        if written and written.lower() not in seen and written != name:
            seen.add(written.lower())
            reference_items.append((written, position, name))
for position, words in REFERENCE_UNRELATED.items():
    for word in words:
        reference_items.append((word, position, "-"))

def write(path, rows, what):
    with open(path, "w", encoding="utf-8") as out:
        out.write("# written\tposition\tintended (`-`: an unrelated real word; no suggestion is right)\n")
        out.write("# generated by tests/suggestions/make_labelled.py; see TESTING.md\n")
        for written, position, intended in rows:
            out.write(f"{written}\t{position}\t{intended}\n")
    print(len(rows), what + ",", sum(1 for i in rows if i[2] != "-"), "typos")


write("tests/suggestions/labelled-reference.tsv", reference_items, "reference items")
write("tests/suggestions/labelled.tsv", items, "items")
