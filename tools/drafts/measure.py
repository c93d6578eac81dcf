#!/usr/bin/env python3
"""Measure how an `evn` binary does on the first drafts in tests/drafts/.

Usage: python3 tools/drafts/measure.py EVN_BINARY [--drafts tests/drafts] [--top 20] [--quiet-names]

For each field folder under tests/drafts/ (and in total) it reports:
  * claims        - claim statements (a statement that is not review/section/ref/define)
  * vocab-stopped - claims with at least one diagnostic (error or warning) of a vocabulary
                    rule (unknown-*, ambiguous-name, wrong-kind) on one of the claim's lines
  * share         - vocab-stopped / claims
  * syntax        - claims with a `syntax` diagnostic on their lines (reported separately:
                    a claim the parser rejects is not name-checked at all)
  * clean         - claims with no error or warning of any rule on their lines
  * fixed         - claims whose text `evn check --fix --unsafe-fixes` changes (run on a copy)
Then the most common reasons claims are stopped (rule + name), and for names.tsv, what
`evn explain NAME` says at the row's position, printing the rows that resolve to something
other than what the row intends, or resolve silently where the row says `ambiguous`.
Python 3 standard library only.
"""
import argparse
import collections
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile

VOCAB_RULES = {
    "unknown-target", "unknown-drug", "unknown-context", "unknown-subject",
    "unknown-ligand", "unknown-carrier", "unknown-stimulus", "unknown-mechanism",
    "ambiguous-name", "wrong-kind",
}
NON_CLAIM = ("review", "section", "ref", "define")

# `evn explain` position labels -> names.tsv POSITION
POSITION_LABELS = {
    "object": "object of a relation",
    "context": "after `in`",
    "drug": "after `drug`",
    "subject": "bare subject",
}


def statements(path):
    """Yield (first_line, last_line, text) for each statement of an .evn file (1-based lines)."""
    with open(path, encoding="utf-8-sig") as f:
        lines = f.read().splitlines()
    cur = None
    for i, raw in enumerate(lines, 1):
        code = strip_comment(raw)
        if raw[:1] in (" ", "\t") and cur is not None and code.strip():
            cur[1] = i
            cur[2].append(code.strip())
            continue
        if cur is not None:
            yield cur[0], cur[1], " ".join(cur[2])
            cur = None
        if code.strip() and raw[:1] not in (" ", "\t"):
            cur = [i, i, [code.strip()]]
    if cur is not None:
        yield cur[0], cur[1], " ".join(cur[2])


def strip_comment(line):
    """Drop a `#` comment that is not inside a string or a backtick name."""
    out, in_str, in_q, esc = [], False, False, False
    for ch in line:
        if in_str:
            out.append(ch)
            if esc:
                esc = False
            elif ch == "\\":
                esc = True
            elif ch == '"':
                in_str = False
            continue
        if in_q:
            out.append(ch)
            if ch == "`":
                in_q = False
            continue
        if ch == "#":
            break
        if ch == '"':
            in_str = True
        elif ch == "`":
            in_q = True
        out.append(ch)
    return "".join(out)


def claims_of(folder):
    """{relative file: [(first, last, text)]} for the claims of every .evn file below folder."""
    out = {}
    for root, _dirs, files in os.walk(folder):
        for name in sorted(files):
            if not name.endswith(".evn"):
                continue
            p = os.path.join(root, name)
            rel = os.path.relpath(p, folder)
            out[rel] = [s for s in statements(p) if s[2].split()[0] not in NON_CLAIM]
    return out


def run_check(evn, folder, extra=()):
    proc = subprocess.run([evn, "check", "--format", "json", *extra, "."], cwd=folder,
                          capture_output=True, text=True)
    try:
        data = json.loads(proc.stdout)
    except json.JSONDecodeError:
        sys.exit(f"evn check gave no JSON in {folder}:\n{proc.stdout}\n{proc.stderr}")
    return data.get("diagnostics", [])


def first_name(message):
    m = re.search(r"`([^`]*)`", message)
    return m.group(1) if m else message[:40]


def measure_field(evn, folder, reasons):
    claims = claims_of(folder)
    diags = run_check(evn, folder)
    by_file = collections.defaultdict(list)
    for d in diags:
        f = os.path.normpath(d["file"])
        by_file[f].append(d)
    n = vocab = syntax = clean = 0
    for rel, cl in claims.items():
        ds = by_file.get(os.path.normpath(rel), [])
        for first, last, _text in cl:
            n += 1
            on = [d for d in ds if first <= d["range"]["start"]["line"] <= last
                  and d["severity"] in ("error", "warning")]
            v = [d for d in on if d["rule"] in VOCAB_RULES]
            if v:
                vocab += 1
                for d in v:
                    reasons[(d["rule"], first_name(d["message"]))] += 1
            if any(d["rule"] == "syntax" for d in on):
                syntax += 1
            if not on:
                clean += 1
    # fixes, on a temporary copy
    tmp = tempfile.mkdtemp(prefix="evn-drafts-")
    try:
        copy = os.path.join(tmp, "field")
        shutil.copytree(folder, copy)
        subprocess.run([evn, "check", "--fix", "--unsafe-fixes", "."], cwd=copy,
                       capture_output=True, text=True)
        after = claims_of(copy)
        fixed = []
        for rel, cl in claims.items():
            new = after.get(rel, [])
            for i, (first, _last, text) in enumerate(cl):
                new_text = new[i][2] if i < len(new) else None
                if new_text != text:
                    fixed.append((rel, first, text, new_text))
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    return {"claims": n, "vocab": vocab, "syntax": syntax, "clean": clean, "fixed": fixed}


def norm(s):
    s = s.lower()
    for a, b in (("α", "alpha"), ("β", "beta"), ("γ", "gamma"), ("κ", "kappa"), ("ε", "epsilon")):
        s = s.replace(a, b)
    return re.sub(r"[\s\-_`'/(),.:;]", "", s)


def explain(evn, name, workspace):
    proc = subprocess.run([evn, "explain", name, workspace], capture_output=True, text=True)
    per_label = {}
    for line in proc.stdout.splitlines():
        if not line.startswith("  ") or line.startswith("   "):
            continue
        body = line[2:]
        # first ": " outside backticks separates the position labels from the answer
        inq, cut = False, None
        for i, ch in enumerate(body):
            if ch == "`":
                inq = not inq
            elif ch == ":" and not inq and body[i + 1:i + 2] == " ":
                cut = i
                break
        if cut is None:
            continue
        labels, answer = body[:cut], body[cut + 2:]
        for lab in POSITION_LABELS.values():
            if lab in labels:
                per_label[lab] = answer.strip()
    return per_label, proc.stdout


def classify(answer):
    """(status, resolved canonical name or None)"""
    if answer is None:
        return "no-answer", None
    if answer.startswith("unknown"):
        return "unknown", None
    if answer.startswith("ambiguous"):
        return "ambiguous", None
    if "wrong-kind" in answer:
        return "wrong-kind", None
    m = re.match(r"(\w[\w-]*) (`[^`]+`|\S+) from (.*)", answer)
    if m:
        return "resolved", m.group(2).strip("`")
    return "other", answer


def measure_names(evn, tsv, workspace):
    rows = []
    with open(tsv, encoding="utf-8") as f:
        for line in f:
            if not line.strip() or line.startswith("#"):
                continue
            parts = line.rstrip("\n").split("\t")
            if len(parts) < 4:
                continue
            name, pos, intended, kind = parts[:4]
            per_label, _raw = explain(evn, name, workspace)
            answer = per_label.get(POSITION_LABELS.get(pos, ""))
            status, resolved = classify(answer)
            verdict = ""
            if intended.lower().startswith("ambiguous"):
                if status == "resolved":
                    verdict = "SILENT-ON-AMBIGUOUS"
            elif status == "resolved":
                r = norm(resolved)
                if r and r not in norm(intended) and norm(name) != r:
                    verdict = "OTHER-THAN-INTENDED?"
            rows.append((name, pos, kind, status, answer or "", intended, verdict))
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("evn", help="path of the evn binary")
    ap.add_argument("--drafts", default=os.path.join(os.path.dirname(os.path.abspath(__file__)),
                                                    "..", "..", "tests", "drafts"))
    ap.add_argument("--top", type=int, default=20)
    ap.add_argument("--all-names", action="store_true", help="print every names.tsv row")
    ap.add_argument("--no-names", action="store_true", help="skip names.tsv (its explains take minutes)")
    args = ap.parse_args()
    evn = os.path.abspath(args.evn)
    drafts = os.path.abspath(args.drafts)
    fields = sorted(d for d in os.listdir(drafts) if os.path.isdir(os.path.join(drafts, d)))

    reasons = collections.Counter()
    results = {f: measure_field(evn, os.path.join(drafts, f), reasons) for f in fields}
    tot = {k: sum(r[k] for r in results.values()) for k in ("claims", "vocab", "syntax", "clean")}
    tot_fixed = sum(len(r["fixed"]) for r in results.values())

    print(f"evn: {evn}")
    hdr = f"{'field':<22}{'claims':>7}{'vocab-stopped':>15}{'share':>8}{'syntax':>8}{'clean':>7}{'fixed':>7}"
    print(hdr)
    print("-" * len(hdr))
    for f in fields:
        r = results[f]
        share = r["vocab"] / r["claims"] if r["claims"] else 0
        print(f"{f:<22}{r['claims']:>7}{r['vocab']:>15}{share:>8.1%}{r['syntax']:>8}{r['clean']:>7}{len(r['fixed']):>7}")
    share = tot["vocab"] / tot["claims"] if tot["claims"] else 0
    print("-" * len(hdr))
    print(f"{'total':<22}{tot['claims']:>7}{tot['vocab']:>15}{share:>8.1%}{tot['syntax']:>8}{tot['clean']:>7}{tot_fixed:>7}")

    print(f"\nMost common reasons claims are stopped (rule, name: diagnostics on claims):")
    for (rule, name), c in reasons.most_common(args.top):
        print(f"  {c:>3}  {rule:<16} {name}")

    if tot_fixed:
        print("\nClaims changed by `check --fix --unsafe-fixes`:")
        for f in fields:
            for rel, line, old, new in results[f]["fixed"]:
                print(f"  {f}/{rel}:{line}\n     - {old}\n     + {new}")

    tsv = os.path.join(drafts, "names.tsv")
    if os.path.exists(tsv) and not args.no_names:
        rows = measure_names(evn, tsv, drafts)
        counts = collections.Counter((r[2], r[3]) for r in rows)
        print(f"\nnames.tsv: {len(rows)} rows; status at the row's position (kind, status: count)")
        for (kind, status), c in sorted(counts.items()):
            print(f"  {kind:<9}{status:<12}{c:>4}")
        flagged = [r for r in rows if r[6]]
        print(f"\nRows resolving other than intended, or silently where `ambiguous` ({len(flagged)}; "
              f"OTHER-THAN-INTENDED? is a heuristic: the resolved name is not in the INTENDED text):")
        for name, pos, kind, status, answer, intended, verdict in flagged:
            print(f"  {verdict:<21} {name} [{pos}, {kind}]\n      evn:      {answer}\n      intended: {intended}")
        if args.all_names:
            print("\nAll rows:")
            for name, pos, kind, status, answer, intended, verdict in rows:
                print(f"  {name}\t{pos}\t{kind}\t{status}\t{answer}")


if __name__ == "__main__":
    main()
