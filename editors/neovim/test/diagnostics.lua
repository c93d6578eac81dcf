-- Run by run.sh in a headless Neovim: loads the plugin from the repository, opens
-- example.evn, waits for the server's diagnostics, jumps to a definition, hovers an
-- alias, applies the did-you-mean code action and completes a target. Exits 0 when
-- every check passes, 1 otherwise; prints one line per check and a closing count.

local venv = assert(os.getenv("VIRTUAL_ENV"), "VIRTUAL_ENV is not set")
local file = assert(os.getenv("EVN_EXAMPLE"), "EVN_EXAMPLE is not set")
local timeout_ms = tonumber(os.getenv("EVN_TIMEOUT_MS") or "30000")

local passed, failed = 0, 0
local function check(ok, what, detail)
  if ok then
    passed = passed + 1
    io.stdout:write("ok: " .. what .. "\n")
  else
    failed = failed + 1
    io.stdout:write("FAILED: " .. what .. (detail and (" (" .. detail .. ")") or "") .. "\n")
  end
end

local function finish()
  io.stdout:write(("neovim: %d passed, %d failed\n"):format(passed, failed))
  io.stdout:flush()
  vim.cmd(failed == 0 and "qall!" or "cquit! 1")
end

local ok, evn = pcall(require, "evn")
check(ok, "require('evn') loads lua/evn/init.lua from the repository", not ok and tostring(evn) or nil)
if not ok then
  return finish()
end

-- No `cmd` nor `path`: the plugin finds the evn of the active virtual environment (run.sh
-- makes one, with no other evn on PATH), as after `pip install evidence-notation`.
local found, tried = evn.find_binary()
check(found == venv .. "/bin/evn", "find_binary() finds $VIRTUAL_ENV/bin/evn first", vim.inspect(tried))
evn.setup({
  rules = { contradiction = "error", ["unused-reference"] = "off" },
})

vim.cmd("edit " .. vim.fn.fnameescape(file))
local buf = vim.api.nvim_get_current_buf()
check(vim.bo[buf].filetype == "evn", "ftdetect: *.evn has filetype evn", vim.bo[buf].filetype)
check(vim.bo[buf].commentstring == "# %s", "ftplugin: commentstring is '# %s'", vim.bo[buf].commentstring)

-- vim.lsp.get_clients is 0.10+; buf_get_clients is 0.7's (deprecated later).
local function clients()
  if vim.lsp.get_clients ~= nil then
    return vim.lsp.get_clients({ bufnr = buf })
  end
  return vim.lsp.buf_get_clients(buf)
end
local attached = vim.wait(timeout_ms, function()
  return next(clients()) ~= nil
end, 50)
check(attached, "the evn client is attached to the buffer")
if attached then
  local cmd = next(clients()) and select(2, next(clients())).config.cmd
  check(cmd ~= nil and cmd[1] == venv .. "/bin/evn" and cmd[2] == "lsp", "its server is the virtual environment's `evn lsp`",
    vim.inspect(cmd))
end

-- The server publishes after a short debounce; wait for both expected diagnostics.
local function code_of(d)
  return d.code or (d.user_data and d.user_data.lsp and d.user_data.lsp.code)
end
local function find(code)
  for _, d in ipairs(vim.diagnostic.get(buf)) do
    if code_of(d) == code then
      return d
    end
  end
end
vim.wait(timeout_ms, function()
  return find("unknown-target") ~= nil and find("contradiction") ~= nil
end, 50)

local all = {}
for _, d in ipairs(vim.diagnostic.get(buf)) do
  table.insert(all, ("%d:%d %s %s"):format(d.lnum + 1, d.col + 1, tostring(code_of(d)), d.message))
end
io.stdout:write("diagnostics:\n  " .. table.concat(all, "\n  ") .. "\n")

local unknown = find("unknown-target")
check(unknown ~= nil, "an unknown-target diagnostic arrives", "got " .. #all .. " diagnostics")
if unknown then
  -- 0-based: line 3, column 46 of the file (BCRQ).
  check(unknown.lnum == 2 and unknown.col == 45, "it is on BCRQ (3:46)", ("%d:%d"):format(unknown.lnum + 1, unknown.col + 1))
  check(unknown.message:find("BCRP", 1, true) ~= nil, "its message suggests BCRP", unknown.message)
end
local contradiction = find("contradiction")
check(contradiction ~= nil and contradiction.severity == vim.diagnostic.severity.ERROR,
  "the contradiction is an error (initializationOptions.rules reached the server)",
  contradiction and ("severity " .. tostring(contradiction.severity)) or "no contradiction")
check(unknown ~= nil and find("unused-reference") == nil, "unused-reference is off (initializationOptions.rules)")

-- Go to definition: from the cite key 79 on line 3 to its `ref` on line 6.
local line3 = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
local key = line3:find("cite(79)", 1, true)
vim.api.nvim_win_set_cursor(0, { 3, key + 4 })
vim.lsp.buf.definition()
local jumped = vim.wait(timeout_ms, function()
  return vim.api.nvim_win_get_cursor(0)[1] == 6
end, 50)
local cursor = vim.api.nvim_win_get_cursor(0)
check(jumped and cursor[2] == 4, "go to definition lands on `ref 79` (6:5)", ("%d:%d"):format(cursor[1], cursor[2] + 1))

-- Hover on the alias P-gp (line 4): the server names its canonical target, ABCB1.
local line4 = vim.api.nvim_buf_get_lines(buf, 3, 4, false)[1]
local alias = line4:find("P-gp", 1, true)
local hovers = vim.lsp.buf_request_sync(buf, "textDocument/hover", {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = 3, character = alias },
}, timeout_ms) or {}
local hover_text = ""
for _, answer in pairs(hovers) do
  local contents = answer.result and answer.result.contents
  if type(contents) == "table" then
    hover_text = hover_text .. (contents.value or vim.inspect(contents))
  elseif type(contents) == "string" then
    hover_text = hover_text .. contents
  end
end
check(hover_text:find("ABCB1", 1, true) ~= nil, "hover on the alias P-gp names ABCB1", hover_text:sub(1, 120))

-- Code action on BCRQ: the did-you-mean fix, applied, replaces it with BCRP.
if unknown then
  local range = {
    start = { line = unknown.lnum, character = unknown.col },
    ["end"] = { line = unknown.end_lnum, character = unknown.end_col },
  }
  local actions = vim.lsp.buf_request_sync(buf, "textDocument/codeAction", {
    textDocument = { uri = vim.uri_from_bufnr(buf) },
    range = range,
    -- The diagnostic as the server sent it (Neovim 0.7 keeps no copy of it).
    context = { diagnostics = { { range = range, message = unknown.message, code = "unknown-target", severity = 1 } } },
  }, timeout_ms) or {}
  local fix
  for _, answer in pairs(actions) do
    for _, action in ipairs(answer.result or {}) do
      if action.title and action.title:find("BCRP", 1, true) and action.edit then
        fix = action
      end
    end
  end
  check(fix ~= nil, "a code action on BCRQ offers BCRP", vim.inspect(actions):sub(1, 200))
  if fix then
    vim.lsp.util.apply_workspace_edit(fix.edit, "utf-16")
    local line = vim.api.nvim_buf_get_lines(buf, 2, 3, false)[1]
    check(line:find("MDR1, BCRP, MRP1", 1, true) ~= nil, "applying it writes BCRP", line)
    local gone = vim.wait(timeout_ms, function()
      return find("unknown-target") == nil
    end, 50)
    check(gone, "the unknown-target diagnostic goes once the fix is applied")
  end
end

-- Completion: type a claim up to `P-g` and ask, as the completion menu would.
local last = vim.api.nvim_buf_line_count(buf)
local typed = "drug DOX inhibits P-g"
vim.api.nvim_buf_set_lines(buf, last, last, false, { typed })
local params = {
  textDocument = { uri = vim.uri_from_bufnr(buf) },
  position = { line = last, character = #typed },
}
local answers = vim.lsp.buf_request_sync(buf, "textDocument/completion", params, timeout_ms) or {}
local item
local count = 0
for _, answer in pairs(answers) do
  local result = answer.result or {}
  for _, candidate in ipairs(result.items or result) do
    count = count + 1
    if candidate.label == "P-gp" then
      item = candidate
    end
  end
end
check(item ~= nil, "completion after `P-g` offers P-gp", count .. " items")
if item then
  local edit = item.textEdit
  check(edit ~= nil and edit.range.start.character == #typed - 3, "the item replaces the typed `P-g`",
    edit and vim.inspect(edit.range) or "no textEdit")
  if edit then
    vim.lsp.util.apply_text_edits({ edit }, buf, "utf-16")
    local line = vim.api.nvim_buf_get_lines(buf, last, last + 1, false)[1]
    check(line == "drug DOX inhibits P-gp", "accepting it completes the line", line)
  end
end

finish()
