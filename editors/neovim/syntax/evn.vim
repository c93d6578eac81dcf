" Evidence Notation: a small Vim syntax file for editors without the TextMate grammar
" (the normative grammar is grammar/evn.ebnf; grammar/evn.tmLanguage.json is richer).
scriptencoding utf-8
if exists("b:current_syntax")
  finish
endif

syntax iskeyword @,48-57,_,192-255,-,/,+,@-@,'
syntax match evnComment "#.*$" contains=evnSuppression
syntax match evnSuppression "evn:\s*allow([^)]*)" contained
syntax region evnString start=+"+ skip=+\\\\\|\\"+ end=+"\|$+ oneline contains=evnEscape
syntax match evnEscape +\\["\\]+ contained
syntax region evnQuotedName start=+`+ end=+`\|$+ oneline
syntax match evnStatement "^\(review\|section\|ref\|define\)\>"
syntax match evnSubject "^\(carrier\|drug\)\>"
syntax keyword evnKind target process formulation ligand context mechanism stimulus
syntax keyword evnQualifier in under via by quote with
syntax keyword evnAttribute aka role is doi pmid
" year as a match, not a keyword: a keyword would win over the time unit of for 1 year.
syntax match evnAttribute "\<year\>"
syntax keyword evnRelationUp increases upregulates activates induces enhances promotes restores
syntax keyword evnRelationUp sensitizes prolongs causes increases-risk-of
syntax keyword evnRelationDown decreases downregulates inhibits suppresses reduces blocks silences reverses
syntax keyword evnRelationDown overcomes treats prevents reduces-risk-of degrades
syntax keyword evnRelationNone targets delivers bypasses modulates binds
syntax keyword evnRelationNone encodes crosses phosphorylates dephosphorylates cleaves ubiquitinates
syntax keyword evnRelationNone acetylates methylates is-associated-with predicts requires
syntax keyword evnRelationNull does-not-affect does-not-change has-no-effect-on
syntax region evnCite matchgroup=evnCiteKeyword start="\<cite\s*(" end=")" contains=evnCiteKey
syntax match evnCiteKey "[^ \t,()]\+" contained
" A NUMBER, a sign directly before it (-, U+2212 or +: a SIGNED of spec 0.3 §11 L), a
" % after it, or the NUMBER of a one-token fold change (55-fold).
syntax match evnNumber "\%(\<[-+]\|\k\@4<!−\|\<\)\d\+\%(\.\d\+\)*\%(\>%\=\|\ze-fold\>\)"

" The qualifiers of spec 0.3 §11 L. Their words are keywords only in qualifier
" position, so each is highlighted only when what it takes follows it on the line (a
" number, a measure, a name that is not a qualifier word): as an object or a context
" (`X inhibits level cite(1)`, `in n, trial`) the same word stays a name.
let s:reserved = '\%(\%(in\|under\|via\|by\|quote\|cite\|effect\|at\|for\|vs\|n\|level\|trial\|through\)\>\)\@!'
let s:signed = '[-−+]\=\d\+\%(\.\d\+\)*'
let s:unit = '[^[:space:],()#%=:<]\+'
syntax match evnQualifierWord "\<\%(at\|for\|n\)\>\ze\s\+\d"
execute 'syntax match evnQualifierWord "\<\%(effect\|level\|vs\|trial\|through\)\>\ze\s\+' . s:reserved . '\%(\k\|`\)"'
execute 'syntax match evnQualifierWord "\<ci\>\ze\s\+' . s:signed . '[-–]' . s:signed . '\>"'
syntax match evnQualifierWord "\<p\>\ze\%(\s*<\s*\|\s\+\)\d"
syntax match evnComparison "\%(\<p\s*\)\@10<=<"
" MEASURE and LEVEL: the known words (an unknown one is the checker's unknown-measure,
" unknown-level, and stays a name).
syntax match evnMeasure "\%(\<effect\s\+\)\@20<=\%(IC50\|EC50\|ARR\|RRR\|SMD\|AUC\|MIC\|ORR\|NNT\|HR\|OR\|RR\|MD\|Kd\|Ki\)\>"
syntax match evnLevel "\%(\<level\s\+\)\@20<=\%(in-silico\|in-vitro\|ex-vivo\|in-vivo\|clinical\|phase-[1-4]\|rct\|meta-analysis\|cohort\|case-control\|case-report\)\>"
" Units: after at NUMBER, for NUMBER, by SIGNED, effect MEASURE SIGNED; -fold.
execute 'syntax match evnUnit "\%(\<\%(at\|for\|by\)\s\+' . s:signed . '\s\+\)\@40<=' . s:reserved . s:unit . '"'
execute 'syntax match evnUnit "\%(\<effect\s\+\k\+\s\+' . s:signed . '\s\+\)\@60<=\%(\%(ci\|p\)\>\)\@!' . s:reserved . s:unit . '"'
syntax match evnUnit "\d\@1<=-fold\>"
" ci LOW-HIGH, one token (the dash may be an en dash).
execute 'syntax match evnNumber "\%(\<ci\s\+\)\@20<=' . s:signed . '[-–]' . s:signed . '\>"'
" The + of a combination A + B [+ C] (spec 0.3 §11 K): spaces on each side.
syntax match evnCombination "\s\@1<=+\ze\%(\s\|$\)"

highlight default link evnComment Comment
highlight default link evnSuppression PreProc
highlight default link evnString String
highlight default link evnEscape SpecialChar
highlight default link evnQuotedName Identifier
highlight default link evnStatement Statement
highlight default link evnSubject Keyword
highlight default link evnKind Type
highlight default link evnQualifier Keyword
highlight default link evnAttribute Keyword
highlight default link evnRelationUp DiffAdd
highlight default link evnRelationDown DiffDelete
highlight default link evnRelationNone Operator
highlight default link evnRelationNull Special
highlight default link evnCiteKeyword Keyword
highlight default link evnCiteKey Constant
highlight default link evnNumber Number
highlight default link evnQualifierWord Keyword
highlight default link evnComparison Operator
highlight default link evnMeasure Constant
highlight default link evnLevel Constant
highlight default link evnUnit Type
highlight default link evnCombination Operator

let b:current_syntax = "evn"
