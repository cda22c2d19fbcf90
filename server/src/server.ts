// The language server: `coding-notes-language-server --stdio` (or node IPC
// when started by the VS Code client). It owns documents, configuration and
// timing; every clinical answer comes from the core.

import {
  createConnection,
  ProposedFeatures,
  TextDocuments,
  TextDocumentSyncKind,
  CodeActionKind,
  Diagnostic,
  DidChangeConfigurationNotification,
  DidChangeWatchedFilesNotification,
  DiagnosticSeverity,
  InitializeResult,
  MessageType,
  ShowMessageNotification,
  DocumentDiagnosticReportKind,
  DiagnosticRefreshRequest,
} from 'vscode-languageserver/node';
import type { DocumentDiagnosticReport, PublishDiagnosticsParams } from 'vscode-languageserver/node';
import { PulledDiagnostics } from './lsp/pull';
import { withTestFault } from './lsp/test-fault';
import { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings } from './core/engine';
import type { Workspace } from './node/workspace';
import { CONFIG_FILE } from './node/workspace';
import { SOURCE, diagnosticList, sameDiagnostics, setRelatedInformationSupport, withDiagnostics } from './lsp/diagnostics';
import type { DiagnosticList } from './lsp/diagnostics';
import { guarded, describeError } from './lsp/guard';
import { WorkspaceCache, filePath, untrustedMessage } from './lsp/workspaces';
import { EditorSettings, NO_EDITOR_SETTINGS, readEditorSettings, mergeSettings, isDocumentSize } from './lsp/settings';
import { UncheckedDocuments, DEFAULT_MAX_DOCUMENT_SIZE } from './lsp/unchecked';
import { FIX_ALL_KIND } from './lsp/actions';
import { CheckedDocuments, isNoteDocument } from './lsp/checked';
import { EditorFeatures, EDITOR_CAPABILITIES } from './lsp/editor';
import { OpenDocumentStates } from './lsp/open-documents';
import { scheduleCheck } from './lsp/schedule';
import { ConfigProblemPublisher } from './lsp/config-problems';
import { registerFeatureRequests } from './lsp/requests';
import { createStdioTransport, withJson } from './lsp/transport';
import { SETTINGS_SECTION, STATUS } from '../../protocol/protocol';
import type { InitializationOptions } from '../../protocol/protocol';

/**
 * No fixed delay after a change: a change that comes after a quiet moment is
 * checked at once, and a burst (changes that arrive while a check runs, or
 * together) is checked once, at its newest version (see `schedule`). Tests and
 * the benchmark may set a delay with `initializationOptions.debounceMs`.
 */
const CHANGE_DEBOUNCE_MS = 0;
let changeDebounceMs = CHANGE_DEBOUNCE_MS;

/** Over stdio: strict framing and output backpressure (lsp/transport.ts); node IPC and sockets as the library does them. */
const transport = process.argv.includes('--stdio') ? createStdioTransport([STATUS]) : null;
const connection = transport ? createConnection(ProposedFeatures.all, transport.reader, transport.writer) : createConnection(ProposedFeatures.all);
if (transport) transport.attach(connection);
/** Open documents, each with an incremental checker: an edit re-checks only the notes it touched. */
const checked = new CheckedDocuments();
const documents: TextDocuments<TextDocument> = checked.documents;
const log = { error: (m: string) => connection.console.error(m) };
/** Documents too large to check, or not valid UTF-8 on disk: one diagnostic says why, features answer nothing. */
const unchecked = new UncheckedDocuments();
let maxDocumentSize = DEFAULT_MAX_DOCUMENT_SIZE;
/** Trust is reported once per configuration file per session. */
const trustReported = new Set<string>();
let trusted = true;

let workspaces = new WorkspaceCache(true);
/** Per open document: its pending check, what was published, its settings and configuration. */
const states = new OpenDocumentStates();
let pullsSettings = false;
/** The client pulls diagnostics (LSP 3.17 `textDocument/diagnostic`): open notes' diagnostics are not pushed. */
let pullDiagnostics = false;
/** The client can be asked to pull again (`workspace/diagnostic/refresh`) when settings or configuration change. */
let pullRefresh = false;
/** The client matches diagnostics to versions: every checked version is published, even when it says the same. */
let versionSupport = false;
let registerWatchers = false;
let registerSettingsEvents = false;
/** The client can take snippet completions (`completionItem.snippetSupport`); else templates are plain text. */
let snippetSupport = false;
/** Settings pushed with didChangeConfiguration, for clients without workspace/configuration. */
let pushedSettings: EditorSettings = NO_EDITOR_SETTINGS;
/** Settings asked for documents that are not open (the workspace check's files, the rules request). */
const otherSettings = new Map<string, Promise<EditorSettings>>();
/** Outline, folding, formatting, inlay titles, links, workspace check, audit report, status. */
const editor = new EditorFeatures({
  connection,
  documents,
  log,
  contextFor: (uri) => contextFor(uri),
  inlayHintTitles: async (uri) => (await editorSettingsFor(uri)).inlayHintTitles,
  unchecked: (uri) => isUnchecked(uri),
  maxDocumentSize: (uri) => maxDocumentSizeFor(uri),
});

/** LSP 3.17 pull; a client that registers providers dynamically gets one per part after `initialized` (lsp/pull.ts). */
const pulled = new PulledDiagnostics({
  states,
  isOpenNote: (uri) => isNoteDocument(documents.get(uri) ?? { languageId: '' }),
  diagnose,
  publishConfigProblems,
});

connection.onInitialize((params): InitializeResult => {
  const options = (params.initializationOptions ?? {}) as InitializationOptions;
  if (typeof options.debounceMs === 'number' && options.debounceMs >= 0 && options.debounceMs <= 10_000) changeDebounceMs = options.debounceMs;
  if (isDocumentSize(options.maxDocumentSize)) maxDocumentSize = options.maxDocumentSize;
  trusted = options.trusted !== false;
  const workspaceCaps = params.capabilities.workspace;
  pullsSettings = workspaceCaps?.configuration === true;
  snippetSupport = params.capabilities.textDocument?.completion?.completionItem?.snippetSupport === true;
  pullDiagnostics = params.capabilities.textDocument?.diagnostic !== undefined;
  pulled.initialize(pullDiagnostics && params.capabilities.textDocument?.diagnostic?.dynamicRegistration === true);
  pullRefresh = pullDiagnostics && workspaceCaps?.diagnostics?.refreshSupport === true;
  versionSupport = params.capabilities.textDocument?.publishDiagnostics?.versionSupport === true;
  setRelatedInformationSupport(params.capabilities.textDocument?.publishDiagnostics?.relatedInformation === true);
  editor.initialize(params);
  registerWatchers = options.synchronizes !== true && workspaceCaps?.didChangeWatchedFiles?.dynamicRegistration === true;
  registerSettingsEvents = options.synchronizes !== true && workspaceCaps?.didChangeConfiguration?.dynamicRegistration === true;
  // Configuration is cached and believed until a watched-files notification says it changed, where one will come.
  const watched = options.synchronizes === true || registerWatchers;
  workspaces = new WorkspaceCache(options.trusted !== false, { onLoad: logProblems, watched });
  return {
    capabilities: {
      textDocumentSync: { openClose: true, change: TextDocumentSyncKind.Incremental },
      codeActionProvider: { codeActionKinds: [CodeActionKind.QuickFix, FIX_ALL_KIND] },
      // ':' and ' ' start a field's value, ',' the next code of a list, '.' a code's 4th character.
      completionProvider: { triggerCharacters: [':', ' ', ',', '.'] },
      hoverProvider: true,
      ...(pullDiagnostics && !pulled.split ? { diagnosticProvider: { interFileDependencies: false, workspaceDiagnostics: false } } : {}),
      ...EDITOR_CAPABILITIES,
    },
    serverInfo: { name: 'coding-notes-language-server' },
  };
});

connection.onInitialized(() => {
  if (registerWatchers) {
    void connection.client.register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: `**/${CONFIG_FILE}` }] });
  }
  if (registerSettingsEvents) void connection.client.register(DidChangeConfigurationNotification.type, undefined);
  if (pulled.split) pulled.register(connection);
});

function logProblems(workspace: Workspace): void {
  // A release file's message says itself that the bundled table stays; the rest of the configuration is used.
  for (const p of workspace.problems) connection.console.warn(`${p.file}:${p.line + 1}: ${p.message}${p.release ? '' : ' (the defaults stay in force)'}`);
  reportUntrusted(workspace);
}

/** In an untrusted workspace, says once per configuration file which of the files it names are not loaded, and why. */
function reportUntrusted(workspace: Workspace): void {
  const configPath = workspace.configPath;
  const message = trusted || !configPath || trustReported.has(configPath) ? null : untrustedMessage(workspace);
  if (!configPath || !message) return;
  trustReported.add(configPath);
  void connection.sendNotification(ShowMessageNotification.type, { type: MessageType.Info, message });
}

// ---- Settings and configuration --------------------------------------------

function editorSettingsFor(uri: string): Promise<EditorSettings> {
  if (!pullsSettings) return Promise.resolve(pushedSettings);
  const state = documents.get(uri) ? states.of(uri) : undefined;
  const cached = state ? state.settings : otherSettings.get(uri);
  if (cached) return cached;
  const settings = connection.workspace.getConfiguration({ scopeUri: uri, section: SETTINGS_SECTION }).then(
    (section) => readLogged(section),
    (e) => {
      connection.console.error(`coding-notes: cannot read the editor settings: ${describeError(e)}`);
      return NO_EDITOR_SETTINGS;
    },
  );
  if (state) state.settings = settings;
  else otherSettings.set(uri, settings);
  return settings;
}

function readLogged(section: unknown): EditorSettings {
  const { settings, ignored } = readEditorSettings(section);
  for (const m of ignored) connection.console.warn(`${m} (ignored)`);
  return settings;
}

async function contextFor(uri: string): Promise<{ engine: Engine; settings: CheckSettings }> {
  const editor = await editorSettingsFor(uri);
  const configPath = workspaces.configPathFor(uri);
  const workspace = workspaces.get(configPath);
  // Remembered per open document, to publish the problems of the configurations in use.
  if (documents.get(uri)) states.of(uri).configPath = configPath;
  return { engine: workspace.engine, settings: mergeSettings(workspace.settings, editor) };
}

connection.onDidChangeConfiguration(
  guarded(log, 'settings change', undefined, (params) => {
    states.forgetSettings();
    otherSettings.clear();
    if (!pullsSettings) pushedSettings = readLogged((params.settings as Record<string, unknown> | null)?.codingNotes);
    revalidateAll();
    editor.refreshInlayHints();
  }),
);

connection.onDidChangeWatchedFiles(
  guarded(log, 'file change', undefined, (params) => {
    for (const change of params.changes) {
      const path = filePath(change.uri);
      if (path) workspaces.changed(path);
    }
    revalidateAll();
  }),
);

// ---- Diagnostics -----------------------------------------------------------

/** Checks the document after a change: at once, or once per burst (`lsp/schedule.ts`). */
function schedule(uri: string, delay: number): void {
  scheduleCheck(states.of(uri), delay, (generation) => void validate(uri, generation));
}

function isCurrent(uri: string, generation: number): boolean {
  return states.peek(uri)?.generation === generation;
}

/** The size limit for a document: the editor's setting, else the initialization option, else the default. */
async function maxDocumentSizeFor(uri: string): Promise<number> {
  return (await editorSettingsFor(uri)).maxDocumentSize ?? maxDocumentSize;
}

/** Why a document is not checked (the diagnostic that says so), or null when it is. */
async function uncheckedReason(uri: string): Promise<Diagnostic | null> {
  const limit = await maxDocumentSizeFor(uri);
  const document = documents.get(uri);
  return document ? unchecked.reason(document, limit, checked.holdsReplacement(document)) : null;
}

/** Features answer nothing for a document that is not checked, nor for one that is not a coding note. */
async function isUnchecked(uri: string): Promise<boolean> {
  const document = documents.get(uri);
  if (document && !isNoteDocument(document)) return true;
  return (await uncheckedReason(uri)) !== null;
}

/** Pushes the document's diagnostics, unless the client has them already (or pulls them). */
function publish(uri: string, version: number, list: DiagnosticList): void {
  const state = states.peek(uri);
  if (!state || pullDiagnostics) return;
  // The same diagnostics again are not sent: the client has them. A client that matches
  // diagnostics to versions gets each new version, as it waits for one per version.
  const last = state.published;
  if (last && sameDiagnostics(last.list, list) && (last.version === version || !versionSupport)) return;
  state.published = { version, list };
  const head = `{"uri":${JSON.stringify(uri)},"version":${version},"diagnostics":[`;
  const params = withDiagnostics({ uri, version } as PublishDiagnosticsParams, 'diagnostics', list);
  void connection.sendDiagnostics(withJson(params, { head, items: list.json, tail: ']}' }));
}

/**
 * The diagnostics of the document as it is now, from the check of this
 * generation (made now unless made already), or null when the document
 * changed or closed meanwhile (a newer check will answer).
 */
function diagnose(uri: string, generation: number): Promise<{ version: number; list: DiagnosticList } | null> {
  const state = states.peek(uri);
  const known = state?.latest;
  if (known && known.generation === generation) return Promise.resolve(known);
  // Every part's pull of one generation waits for the same check.
  if (state?.diagnosing?.generation === generation) return state.diagnosing.result as ReturnType<typeof diagnose>;
  const result = diagnoseNow(uri, generation);
  return state ? (state.diagnosing = { generation, result }).result : result;
}

async function diagnoseNow(uri: string, generation: number): Promise<{ version: number; list: DiagnosticList } | null> {
  let list: DiagnosticList;
  let version: number;
  try {
    const { engine, settings } = await contextFor(uri);
    const limit = await maxDocumentSizeFor(uri);
    const document = documents.get(uri);
    if (!document || !isCurrent(uri, generation) || !isNoteDocument(document)) return null;
    version = document.version;
    const reason = unchecked.reason(document, limit, checked.holdsReplacement(document));
    if (reason) {
      list = diagnosticList([reason]);
    } else {
      const started = performance.now();
      const result = checked.diagnose(document, withTestFault(engine), settings, uri);
      for (const e of result.failures) connection.console.error(`coding-notes: checking a note failed: ${describeError(e)}`);
      editor.status(uri, document.version, states.peek(uri)?.configPath ?? null, result, performance.now() - started);
      list = result.list;
    }
  } catch (e) {
    connection.console.error(`coding-notes: checking a document failed: ${describeError(e)}`);
    // Not the last check's diagnostics as if they were current: say that this version was not checked.
    const document = documents.get(uri);
    if (!document || !isCurrent(uri, generation)) return null;
    version = document.version;
    list = diagnosticList([checkFailed()]);
  }
  const state = states.peek(uri);
  if (!state) return null;
  state.latest = { generation, version, list };
  return state.latest;
}

async function validate(uri: string, generation: number): Promise<void> {
  const result = await diagnose(uri, generation);
  if (!result || !isCurrent(uri, generation)) return;
  try {
    publish(uri, result.version, result.list);
    publishConfigProblems();
  } catch (e) {
    connection.console.error(`coding-notes: publishing diagnostics failed: ${describeError(e)}`);
  }
}

connection.languages.diagnostics.on(
  guarded(log, 'pull diagnostics', { kind: DocumentDiagnosticReportKind.Full, items: [] } as DocumentDiagnosticReport, (params) =>
    pulled.answer(params.textDocument.uri, params.identifier, params.previousResultId),
  ),
);

function checkFailed(): Diagnostic {
  return {
    range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    severity: DiagnosticSeverity.Error,
    code: 'not-checked/internal-error',
    source: SOURCE,
    message:
      'This file could not be checked: the checker failed (the Clinical Coding Notes output log has the details). Edit the file or restart the server to try again.',
  };
}

function revalidateAll(): void {
  for (const document of documents.all()) if (isNoteDocument(document)) schedule(document.uri, 0);
  // A pulling client asks again; each answer checks under the new settings.
  if (pullRefresh) connection.sendRequest(DiagnosticRefreshRequest.type).then(undefined, () => undefined);
}

// A client may sync other documents too (a .txt, a markdown file): only coding notes are checked.
documents.onDidOpen(
  guarded(log, 'open', undefined, ({ document }) => {
    if (!isNoteDocument(document)) return;
    schedule(document.uri, 0);
    states.of(document.uri).justOpened = true;
    // A pulling client keeps pushed diagnostics apart from pulled ones: the workspace check's for this file go.
    if (pullDiagnostics && editor.opened(document.uri)) void connection.sendDiagnostics({ uri: document.uri, diagnostics: [] });
  }),
);

documents.onDidChangeContent(
  guarded(log, 'change', undefined, ({ document }) => {
    // An open is followed by a content event for the same text: already scheduled.
    const state = states.peek(document.uri);
    if (state?.justOpened) {
      state.justOpened = false;
      return;
    }
    if (!isNoteDocument(document)) return;
    schedule(document.uri, changeDebounceMs);
  }),
);

documents.onDidClose(
  guarded(log, 'close', undefined, ({ document }) => {
    const uri = document.uri;
    states.close(uri);
    unchecked.forget(uri);
    // A note the workspace check covers keeps the diagnostics of its file on disk.
    if (!editor.closed(uri) && isNoteDocument(document)) void connection.sendDiagnostics({ uri, diagnostics: [] });
    publishConfigProblems();
  }),
);

/** Config problems, published on the files they are in, for every configuration in use (lsp/config-problems.ts). */
const configProblems = new ConfigProblemPublisher(
  () => states.configPaths(),
  (configPath) => workspaces.peek(configPath),
  (uri, diagnostics) => void connection.sendDiagnostics({ uri, diagnostics }),
);
function publishConfigProblems(): void {
  configProblems.publish();
}

// ---- Requests --------------------------------------------------------------

// Code actions, fix-all, completion and hover (lsp/requests.ts).
registerFeatureRequests({ connection, documents, checked, log, isUnchecked, contextFor, editorSettingsFor, snippets: () => snippetSupport });

connection.onShutdown(() => {
  if (transport) transport.shutdownReceived = true;
  states.cancelAll();
});

documents.listen(connection);
connection.listen();
