" Evidence Notation files.
autocmd BufRead,BufNewFile *.evn setfiletype evn
