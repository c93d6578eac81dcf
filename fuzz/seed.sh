#!/usr/bin/env bash
# Builds the seed corpora of the fuzz targets in fuzz/corpus/<target>/ from the
# project's own inputs: the shared examples (../shared/examples, when present), the
# test fixtures, the example review and the regression inputs of tests/regressions/.
# The seeds are not committed (they would copy files that live elsewhere); run this
# once before `cargo fuzz run`. Needs jq for the language server's sessions.
set -euo pipefail
cd "$(dirname "$0")"
repo=..
shared="${EVN_SHARED:-$repo/../shared}"
corpus=corpus
mkdir -p "$corpus"/{parse,check,format,bib,lsp}

sources=("$repo/tests/fixtures" "$repo/examples/review")
[ -d "$shared/examples" ] && sources+=("$shared/examples")

# Copies a file under a name made of its hash, as libFuzzer names its corpus files.
put() { # target file
  cp "$2" "$corpus/$1/seed-$(sha1sum "$2" | cut -c1-16)"
}

evn_files=$(find "${sources[@]}" -type f -name '*.evn' | sort)
bib_files=$(find "${sources[@]}" -type f -name '*.bib' | sort)
for f in $evn_files; do put parse "$f"; put format "$f"; put check "$f"; done
for f in $bib_files; do put bib "$f"; done
# What the fixtures lack: abbreviations, accents, names, broken entries.
tmp=$(mktemp)
cat >"$tmp" <<'BIB'
@string{jbc = "J. Biol. Chem."}
@string{self = self # " again"}
@article{guney2019,
  author = {G{\"u}ney Eskiler, G. and von Neumann, John and {Barnes and Noble} and others},
  title = {Talazoparib-loaded {SLN} in {TNBC}: $\alpha$--$\beta$ \emph{in vitro}~study},
  journal = jbc # " " # self,
  year = 2019, month = jan,
}
@misc{noyear, title = "Quoted {title}", date = {2020-05-01}}
@book{broken, title = {unclosed
@article{, title = {no key}}
@comment{ignored}
@preamble{"\newcommand{\x}{y}"}
@inproceedings(paren, author = "Doe, Jr, J.", year = {20{2}1})
BIB
put bib "$tmp"
rm -f "$tmp"

# A workspace per folder: its .evn files cut by NUL bytes, its .bib file last.
for dir in $(find "${sources[@]}" -type f \( -name '*.evn' -o -name '*.bib' \) -printf '%h\n' | sort -u); do
  tmp=$(mktemp)
  first=1
  for f in $(find "$dir" -maxdepth 1 -type f -name '*.evn' | sort) $(find "$dir" -maxdepth 1 -type f -name '*.bib' | sort); do
    [ $first = 1 ] || printf '\0' >>"$tmp"
    cat "$f" >>"$tmp"
    first=0
  done
  put check "$tmp"
  rm -f "$tmp"
done

# The regression inputs found by fuzzing, for the target that found them.
for target in parse check format bib lsp; do
  if [ -d "$repo/tests/regressions/$target" ]; then
    for f in "$repo/tests/regressions/$target"/*; do [ -f "$f" ] && put "$target" "$f"; done
  fi
done

# Language server sessions: an odd first byte (initialize is sent by the target, then
# one message per line), and the same session as a raw framed stream (even byte).
uri='file:///fuzz/a.evn'
session() { # file of EVN text -> one JSON message per line
  local text
  text=$(jq -Rs . "$1")
  cat <<JSON
{"jsonrpc":"2.0","method":"textDocument/didOpen","params":{"textDocument":{"uri":"$uri","languageId":"evn","version":1,"text":$text}}}
{"jsonrpc":"2.0","id":1,"method":"textDocument/hover","params":{"textDocument":{"uri":"$uri"},"position":{"line":1,"character":12}}}
{"jsonrpc":"2.0","id":2,"method":"textDocument/completion","params":{"textDocument":{"uri":"$uri"},"position":{"line":2,"character":8}}}
{"jsonrpc":"2.0","method":"textDocument/didChange","params":{"textDocument":{"uri":"$uri","version":2},"contentChanges":[{"range":{"start":{"line":0,"character":0},"end":{"line":0,"character":3}},"text":"𝔸\r\nx"}]}}
{"jsonrpc":"2.0","id":3,"method":"textDocument/definition","params":{"textDocument":{"uri":"$uri"},"position":{"line":3,"character":20}}}
{"jsonrpc":"2.0","id":4,"method":"textDocument/references","params":{"textDocument":{"uri":"$uri"},"position":{"line":3,"character":20},"context":{"includeDeclaration":true}}}
{"jsonrpc":"2.0","id":5,"method":"textDocument/prepareRename","params":{"textDocument":{"uri":"$uri"},"position":{"line":4,"character":10}}}
{"jsonrpc":"2.0","id":6,"method":"textDocument/rename","params":{"textDocument":{"uri":"$uri"},"position":{"line":4,"character":10},"newName":"X2"}}
{"jsonrpc":"2.0","id":7,"method":"textDocument/codeAction","params":{"textDocument":{"uri":"$uri"},"range":{"start":{"line":0,"character":0},"end":{"line":9,"character":0}},"context":{"diagnostics":[]}}}
{"jsonrpc":"2.0","id":8,"method":"textDocument/documentSymbol","params":{"textDocument":{"uri":"$uri"}}}
{"jsonrpc":"2.0","id":9,"method":"workspace/symbol","params":{"query":"SLN"}}
{"jsonrpc":"2.0","id":10,"method":"textDocument/foldingRange","params":{"textDocument":{"uri":"$uri"}}}
{"jsonrpc":"2.0","id":11,"method":"textDocument/semanticTokens/full","params":{"textDocument":{"uri":"$uri"}}}
{"jsonrpc":"2.0","id":12,"method":"textDocument/semanticTokens/range","params":{"textDocument":{"uri":"$uri"},"range":{"start":{"line":1,"character":0},"end":{"line":5,"character":0}}}}
{"jsonrpc":"2.0","id":13,"method":"textDocument/inlayHint","params":{"textDocument":{"uri":"$uri"},"range":{"start":{"line":0,"character":0},"end":{"line":99,"character":0}}}}
{"jsonrpc":"2.0","method":"workspace/didChangeConfiguration","params":{"settings":{"evn":{"rules":{"contradiction":"error","unknown-target":"off"}}}}}
{"jsonrpc":"2.0","id":14,"method":"completionItem/resolve","params":{"label":"ABCB1","data":"gene:ABCB1"}}
{"jsonrpc":"2.0","method":"textDocument/didClose","params":{"textDocument":{"uri":"$uri"}}}
{"jsonrpc":"2.0","id":15,"method":"shutdown"}
{"jsonrpc":"2.0","method":"exit"}
JSON
}
n=0
for f in $(printf '%s\n' $evn_files | awk 'NR % 6 == 1'); do
  n=$((n + 1))
  tmp=$(mktemp)
  { printf '\001'; session "$f"; } >"$tmp"
  put lsp "$tmp"
  { printf '\003'; session "$f"; } >"$tmp"
  put lsp "$tmp"
  { printf '\000'
    init='{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"capabilities":{}}}'
    printf 'Content-Length: %d\r\n\r\n%s' "${#init}" "$init"
    session "$f" | while IFS= read -r line; do
      printf 'Content-Length: %d\r\n\r\n%s' "$(printf '%s' "$line" | wc -c)" "$line"
    done
  } >"$tmp"
  put lsp "$tmp"
  rm -f "$tmp"
done

# Every form of spec 0.3 §11 K, L, M (the fixtures hold them only in part, or with
# syntax errors, which the formatter refuses): canonical, then spaced every other way.
tmp=$(mktemp)
cat >"$tmp" <<'EVN'
ref 1 "A trial"
define formulation DT-NP = PLGA-NP(dabrafenib + trametinib) "co-loaded"
drug dabrafenib + trametinib prolongs overall-survival in melanoma effect HR 0.62 ci 0.49-0.77 p < 0.001 vs placebo, docetaxel + carboplatin n 600 level phase-3 trial COMBI-d cite(1)
carrier SLN(paclitaxel + curcumin, DOX) with TPGS downregulates ABCB1 by -14.9% at 5 mg/kg for 12 weeks through MEK1, ERK trial NCT01584648 cite(1)
drug imatinib inhibits BCR-ABL1 by 55-fold at 10 µM for 24 hours in K-562 level in-vitro cite(1)
drug metformin decreases HbA1c by −0.45 points n 1200 vs placebo level rct cite(1)
X increases blood-pressure effect MD +2.5 mmHg ci −4.2–3.1 p 0.04 cite(1)
drug  olaparib +niraparib prolongs PFS effect OR -0.9 ci -0.9--0.2 p<0.05
	vs placebo ,olaparib +niraparib   n  40 # spacing the formatter rewrites
EVN
for target in parse format check; do put "$target" "$tmp"; done
{ printf '\001'; session "$tmp"; } >"$tmp.lsp"
put lsp "$tmp.lsp"
rm -f "$tmp" "$tmp.lsp"

for target in parse check format bib lsp; do
  echo "$target: $(ls "$corpus/$target" | wc -l) seeds"
done
