-- The Neovim client of the evn language server (`evn lsp`).
--
--   require("evn").setup({
--     path = "/path/to/evn",             -- default: M.find_binary(), see there
--     rules = { contradiction = "error", ["non-canonical-name"] = "off" },
--   })
--
-- Starts one server per workspace root (the folder of the nearest evn.toml, else of
-- .git, else the file's folder) for every buffer of filetype `evn`: with
-- vim.lsp.start on Neovim >= 0.8, with vim.lsp.start_client + buf_attach_client on 0.7.

local M = {}

M.defaults = {
  -- The command; default { path or M.find_binary(), "lsp" }.
  cmd = nil,
  -- The evn binary, when cmd is not given (default: M.find_binary()).
  path = nil,
  filetypes = { "evn" },
  root_markers = { "evn.toml", ".git" },
  -- Severity per rule (error | warning | info | hint | off), sent as
  -- initializationOptions.rules and as settings.evn.rules.
  rules = {},
  on_attach = nil,
  capabilities = nil,
  -- Extra fields merged into the client configuration.
  config = {},
}

M.options = vim.deepcopy(M.defaults)

-- Client ids by root, for Neovim 0.7 (vim.lsp.start does this itself on 0.8+).
local clients_by_root = {}

local uv = vim.loop

--- The workspace root of a buffer: the nearest folder upward that holds one of the
--- markers (tried in order, each all the way up), else the buffer's folder.
function M.root_dir(bufnr, markers)
  local name = vim.api.nvim_buf_get_name(bufnr)
  local start = name ~= "" and vim.fn.fnamemodify(name, ":p:h") or uv.cwd()
  for _, marker in ipairs(markers or M.options.root_markers) do
    local dir = start
    while true do
      if uv.fs_stat(dir .. "/" .. marker) then
        return dir
      end
      local parent = vim.fn.fnamemodify(dir, ":h")
      if parent == dir then
        break
      end
      dir = parent
    end
  end
  return start
end

local is_windows = vim.fn.has("win32") == 1

--- The evn binary to start when neither `cmd` nor `path` is set, and every place looked
--- at: the active virtual environment's (`$VIRTUAL_ENV`, where `pip install
--- evidence-notation` puts it; then `$CONDA_PREFIX`'s), then `evn` on PATH, then
--- mason's bin folder (stdpath("data")/mason/bin), then ~/.cargo/bin. Returns the first
--- executable one, else "evn" (so the error names it).
function M.find_binary()
  local exe = is_windows and "evn.exe" or "evn"
  local candidates = {}
  for _, var in ipairs({ "VIRTUAL_ENV", "CONDA_PREFIX" }) do
    local prefix = vim.env[var]
    if prefix ~= nil and prefix ~= "" then
      table.insert(candidates, prefix .. (is_windows and "/Scripts/" or "/bin/") .. exe)
    end
  end
  local on_path = vim.fn.exepath("evn")
  if on_path ~= "" then
    table.insert(candidates, on_path)
  end
  table.insert(candidates, vim.fn.stdpath("data") .. "/mason/bin/" .. (is_windows and "evn.cmd" or "evn"))
  local home = vim.env.HOME or vim.env.USERPROFILE
  if home ~= nil then
    table.insert(candidates, home .. "/.cargo/bin/" .. exe)
  end
  for _, candidate in ipairs(candidates) do
    if vim.fn.executable(candidate) == 1 then
      return candidate, candidates
    end
  end
  return "evn", candidates
end

--- The client configuration for one buffer.
function M.client_config(bufnr)
  local opts = M.options
  local cmd = opts.cmd or { opts.path or (M.find_binary()), "lsp" }
  local rules = vim.tbl_isempty(opts.rules) and vim.empty_dict() or opts.rules
  local config = {
    name = "evn",
    cmd = cmd,
    root_dir = M.root_dir(bufnr, opts.root_markers),
    init_options = { rules = rules },
    settings = { evn = { rules = rules } },
    on_attach = opts.on_attach,
    capabilities = opts.capabilities or vim.lsp.protocol.make_client_capabilities(),
  }
  return vim.tbl_deep_extend("force", config, opts.config or {})
end

--- Starts (or reuses) the server for a buffer and attaches it; returns the client id.
function M.start(bufnr)
  bufnr = (bufnr == nil or bufnr == 0) and vim.api.nvim_get_current_buf() or bufnr
  local config = M.client_config(bufnr)
  if vim.fn.executable(config.cmd[1]) ~= 1 then
    local hint = "set `path` or `cmd` in require('evn').setup()"
    if M.options.cmd == nil and M.options.path == nil then
      hint = "install it with `pip install evidence-notation` (in the active virtual environment or on PATH), or " .. hint
    end
    vim.notify(("evn: `%s` is not executable; %s"):format(config.cmd[1], hint), vim.log.levels.ERROR)
    return nil
  end
  if vim.lsp.start ~= nil then
    return vim.lsp.start(config, { bufnr = bufnr })
  end
  local id = clients_by_root[config.root_dir]
  if id == nil or vim.lsp.client_is_stopped(id) then
    id = vim.lsp.start_client(config)
    clients_by_root[config.root_dir] = id
  end
  if id ~= nil then
    vim.lsp.buf_attach_client(bufnr, id)
  end
  return id
end

--- Configures the plugin and starts the server for every `evn` buffer, now and later.
function M.setup(opts)
  M.options = vim.tbl_deep_extend("force", vim.deepcopy(M.defaults), opts or {})
  local group = vim.api.nvim_create_augroup("evn", { clear = true })
  vim.api.nvim_create_autocmd("FileType", {
    group = group,
    pattern = M.options.filetypes,
    callback = function(args)
      M.start(args.buf)
    end,
  })
  for _, bufnr in ipairs(vim.api.nvim_list_bufs()) do
    if vim.api.nvim_buf_is_loaded(bufnr) and vim.tbl_contains(M.options.filetypes, vim.bo[bufnr].filetype) then
      M.start(bufnr)
    end
  end
end

return M
