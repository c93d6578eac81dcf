-- Run by syntax.sh in a headless Neovim: opens syntax.evn with the plugin's syntax
-- file and checks the syntax group of words of the new forms of spec 0.3 §11 K, L, M.
-- Exits 0 when every check passes, 1 otherwise; prints one line per failure and a count.

local file = assert(os.getenv("EVN_SYNTAX_FILE"), "EVN_SYNTAX_FILE is not set")
vim.cmd("edit " .. vim.fn.fnameescape(file))
local passed, failed = 0, 0

local function fail(what)
  failed = failed + 1
  io.stdout:write("FAILED: " .. what .. "\n")
end

-- The line that starts with `start` (each is unique in syntax.evn).
local function line_of(start)
  for lnum, text in ipairs(vim.api.nvim_buf_get_lines(0, 0, -1, false)) do
    if text:sub(1, #start) == start then
      return lnum, text
    end
  end
end

-- The byte column (1-based) of the nth occurrence of `word` in `text`, a whole word
-- when `word` starts with a letter (not `at` in `imatinib`).
local function column_of(text, word, nth)
  local from, seen = 1, 0
  while true do
    local s, e = text:find(word, from, true)
    if not s then
      return nil
    end
    local before, after = text:sub(s - 1, s - 1), text:sub(e + 1, e + 1)
    local whole = not word:match("^%a") or (not before:match("[%w%-]") and not after:match("[%w%-]"))
    if whole then
      seen = seen + 1
      if seen == nth then
        return s
      end
    end
    from = s + 1
  end
end

-- Every byte of the word has syntax group `group`; with `negate`, no byte has it.
local function check(start, word, nth, group, negate)
  local lnum, text = line_of(start)
  if not lnum then
    return fail("no line starts with " .. start)
  end
  local col = column_of(text, word, nth)
  if not col then
    return fail(("%q not found in line %d"):format(word, lnum))
  end
  for c = col, col + #word - 1 do
    local name = vim.fn.synIDattr(vim.fn.synID(lnum, c, 1), "name")
    if (name == group) == (negate or false) then
      return fail(("line %d %q (col %d): %s %s, got %q"):format(
        lnum, word, c, negate and "not" or "expected", group, name))
    end
  end
  return true
end
local function is(start, word, group, nth)
  if check(start, word, nth or 1, group, false) then
    passed = passed + 1
  end
end
-- A name: none of the groups of keywords, constants, units, numbers or operators.
local function name(start, word, nth)
  for _, group in ipairs({ "evnQualifierWord", "evnQualifier", "evnMeasure", "evnLevel", "evnUnit", "evnNumber", "evnCombination" }) do
    if not check(start, word, nth or 1, group, true) then
      return
    end
  end
  passed = passed + 1
end

local Q, N, U, M, L, P = "evnQualifierWord", "evnNumber", "evnUnit", "evnMeasure", "evnLevel", "evnCombination"

is("drug dabrafenib", "+", P)
name("drug dabrafenib", "dabrafenib")
name("drug dabrafenib", "trametinib")
is("drug dabrafenib", "effect", Q)
is("drug dabrafenib", "HR", M)
is("drug dabrafenib", "0.62", N)
is("drug dabrafenib", "ci", Q)
is("drug dabrafenib", "0.49-0.77", N)
is("drug dabrafenib", "p", Q)
is("drug dabrafenib", "0.001", N)
is("drug imatinib", "IC50", M)
is("drug imatinib", "nM", U)
is("drug imatinib", "at", Q)
is("drug imatinib", "10", N)
is("drug imatinib", "µM", U)
is("drug imatinib", "in", "evnQualifier")
is("drug estradiol", "OR", M)
is("drug estradiol", "1.2-2.6", N)
is("drug estradiol", "p", Q)
is("drug estradiol", "<", "evnComparison")
is("drug estradiol", "0.01", N)
is("drug X decreases", "MD", M)
is("drug X decreases", "-0.6", N)
is("drug X decreases", "points", U)
is("drug X decreases", "-0.9--0.2", N)
is("drug Y decreases", "ci", Q)
is("drug Y decreases", "0.7–0.9", N)
is("drug tamoxifen", "by", "evnQualifier")
is("drug tamoxifen", "-14.9%", N)
is("carrier MNP", "94.1%", N)
is("drug X increases", "55", N)
is("drug X increases", "-fold", U)
is("drug metformin", "−0.45", N)
is("drug metformin", "points", U)
is("drug trametinib", "at", Q)
is("drug trametinib", "mg/kg/day", U)
is("drug trametinib", "for", Q)
is("drug trametinib", "24", N)
is("drug trametinib", "weeks", U)
is("drug sitagliptin", "year", U)
is("ref 6", "year", "evnAttribute")
is("drug nivolumab", "vs", Q)
is("drug nivolumab", "+", P)
name("drug nivolumab", "carboplatin")
name("drug nivolumab", "placebo")
is("drug nivolumab", "n", Q)
is("drug nivolumab", "582", N)
is("drug nivolumab", "level", Q)
is("drug nivolumab", "phase-3", L)
is("drug nivolumab", "trial", Q)
name("drug nivolumab", "CheckMate-057")
is("drug nivolumab", "through", Q)
is("carrier SLN", "+", P)
name("carrier SLN", "curcumin")
is("drug digoxin", "has-no-effect-on", "evnRelationNull")
is("drug digoxin", "level", Q)
name("drug digoxin", "invitro")
name("X inhibits level", "level")
for _, word in ipairs({ "at", "for", "n", "effect", "vs", "trial", "through", "p", "ci" }) do
  name("X inhibits at", word)
end
name("drug trastuzumab", "+", 1)
name("drug trastuzumab", "+", 2)

io.stdout:write(("neovim syntax: %d passed, %d failed\n"):format(passed, failed))
io.stdout:flush()
vim.cmd(failed == 0 and "qall!" or "cquit! 1")
