" Evidence Notation: a small Vim syntax file for editors without the TextMate grammar
" (the normative grammar is grammar/evn.ebnf; grammar/evn.tmLanguage.json is richer).
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
syntax keyword evnAttribute aka role is doi pmid year
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
syntax match evnNumber "\<\d\+\(\.\d\+\)*\>%\="

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

let b:current_syntax = "evn"
