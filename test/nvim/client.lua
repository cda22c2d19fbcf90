-- A headless Neovim (0.7+) client for the language server, over stdio.
-- Environment: CN_NODE, CN_SERVER (dist/server.js), CN_RESULT (where to write the JSON result).
-- Every step's outcome goes into the result file; any Lua error is caught and written there
-- too, then Neovim quits (a Lua error left uncaught would leave headless nvim waiting).
local result = { steps = {} }

local function finish()
  local f = io.open(os.getenv('CN_RESULT'), 'w')
  f:write(vim.fn.json_encode(result))
  f:close()
  vim.cmd('qall!')
end

local function run()
  local bufnr = vim.api.nvim_get_current_buf()
  vim.bo[bufnr].filetype = 'codingnote'
  local client_id = vim.lsp.start_client({
    name = 'coding-notes',
    cmd = { os.getenv('CN_NODE'), os.getenv('CN_SERVER'), '--stdio' },
    root_dir = vim.fn.getcwd(),
  })
  assert(client_id, 'start_client returned nothing')
  vim.lsp.buf_attach_client(bufnr, client_id)
  local client = vim.lsp.get_client_by_id(client_id)
  assert(vim.wait(20000, function() return client.initialized == true or (client.server_capabilities ~= nil and next(client.server_capabilities) ~= nil) end, 50), 'the server did not initialise')

  -- Diagnostics: published by the server, stored by Neovim's diagnostic framework.
  local got = vim.wait(20000, function() return #vim.diagnostic.get(bufnr) > 0 end, 50)
  local diagnostics = {}
  for _, d in ipairs(vim.diagnostic.get(bufnr)) do
    table.insert(diagnostics, { lnum = d.lnum, col = d.col, severity = d.severity, message = d.message,
      source = d.source, code = (d.user_data and d.user_data.lsp and d.user_data.lsp.code) or d.code })
  end
  result.steps.diagnostics = { waited = got, items = diagnostics }

  local uri = vim.uri_from_bufnr(bufnr)
  local function find(pattern)
    for i, line in ipairs(vim.api.nvim_buf_get_lines(bufnr, 0, -1, false)) do
      local s = line:find(pattern, 1, true)
      if s then return i - 1, s - 1, line end
    end
    error('no line with ' .. pattern)
  end

  -- Completion after the main code in the OPCS-4 list.
  local l, _, line = find('OPCS-4: J12.8, ')
  local res = client.request_sync('textDocument/completion', {
    textDocument = { uri = uri }, position = { line = l, character = #line },
  }, 10000, bufnr)
  local items = res and res.result and (res.result.items or res.result) or {}
  local labels = {}
  for i, it in ipairs(items) do
    if i > 5 then break end
    table.insert(labels, { label = it.label, detail = it.detail })
  end
  result.steps.completion = { err = res and res.err and res.err.message, items = labels }

  -- Hover on C78.7.
  local hl, hc = find('C78.7')
  res = client.request_sync('textDocument/hover', {
    textDocument = { uri = uri }, position = { line = hl, character = hc + 1 },
  }, 10000, bufnr)
  local contents = res and res.result and res.result.contents
  result.steps.hover = { err = res and res.err and res.err.message, value = contents and (contents.value or contents) }

  -- Code action on the malformed code, applied to the buffer.
  local cl, cc = find('j128')
  -- The line's diagnostics in LSP shape (with ranges), as `vim.lsp.buf.code_action` sends them.
  local lsp_diagnostics = vim.lsp.diagnostic.get_line_diagnostics(bufnr, cl)
  res = client.request_sync('textDocument/codeAction', {
    textDocument = { uri = uri },
    range = { start = { line = cl, character = cc }, ['end'] = { line = cl, character = cc + 4 } },
    context = { diagnostics = lsp_diagnostics, only = { 'quickfix' } },
  }, 10000, bufnr)
  local titles = {}
  local applied = nil
  for _, action in ipairs((res and res.result) or {}) do
    table.insert(titles, action.title)
    if applied == nil and action.edit and action.title:find('J12.8', 1, true) then
      vim.lsp.util.apply_workspace_edit(action.edit, client.offset_encoding or 'utf-16')
      applied = action.title
    end
  end
  result.steps.codeAction = { err = res and res.err and res.err.message, titles = titles, applied = applied,
    line = vim.api.nvim_buf_get_lines(bufnr, cl, cl + 1, false)[1] }

  -- The server re-checks the edited buffer: the malformed-code diagnostic goes.
  local gone = vim.wait(10000, function()
    for _, d in ipairs(vim.diagnostic.get(bufnr)) do
      local code = d.user_data and d.user_data.lsp and d.user_data.lsp.code
      if code == 'code/malformed' and d.lnum == cl then return false end
    end
    return true
  end, 50)
  result.steps.recheck = { malformedGone = gone }
  result.ok = true
end

local ok, err = xpcall(run, debug.traceback)
if not ok then result.error = tostring(err) end
finish()
