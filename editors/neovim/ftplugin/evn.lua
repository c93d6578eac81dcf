-- Buffer settings for Evidence Notation: `#` comments, and words that keep names
-- such as MCF-7/ADR, G2/M-arrest, HER2+ and SKN@FPD whole.
if vim.b.did_ftplugin then
  return
end
vim.b.did_ftplugin = 1

vim.bo.commentstring = "# %s"
vim.bo.comments = ":#"
vim.bo.iskeyword = "@,48-57,_,192-255,-,/,+,@-@,'"
-- Continuation lines of a statement are indented four spaces (spec §8).
vim.bo.expandtab = true
vim.bo.shiftwidth = 4
vim.bo.softtabstop = 4

vim.b.undo_ftplugin = "setlocal commentstring< comments< iskeyword< expandtab< shiftwidth< softtabstop<"
