// The language server's protocol of its own, in one place for both ends: the
// method names, params and results of the `codingNotes/*` requests and
// notifications, the initialization options and the `codingNotes` settings
// section. The VS Code client (client/src) and the server (server/src/lsp,
// server/src/server.ts) both import it, so neither copies the other.
//
// It is bundled into the client: it imports nothing at run time but the core's
// fix kinds (server/src/core/types.ts), and never the server (the lint checks).

import type { FixKind, Severity, SeveritySetting } from '../server/src/core/types';

// ---- Method names ----------------------------------------------------------

/** Request: fix-all of one open note with what it did (FixAllParams → FixAllResult | null). */
export const FIX_ALL_REQUEST = 'codingNotes/fixAll';
/** Request: check every note under the workspace folders (FoldersParams → WorkspaceCheckResult). */
export const CHECK_WORKSPACE = 'codingNotes/checkWorkspace';
/** Request: the audit report of the workspace folders as HTML (FoldersParams → AuditReportResult). */
export const AUDIT_REPORT = 'codingNotes/auditReport';
/** Request: the rules in force for a document, with their documentation (RulesParams → RuleInfo[]). */
export const RULES = 'codingNotes/rules';
/** Notification, server to client: the outcome of each check of an open note (StatusParams). */
export const STATUS = 'codingNotes/status';

// ---- Starting the server ---------------------------------------------------

/**
 * Node options for the language server's process, given by whoever starts it
 * (the VS Code client's server options, the benchmark; README shows them for
 * other editors). V8 cannot take them once the process runs. A young generation
 * of 2 MB semi-spaces instead of V8's 16 MB: with a 10,000-note file open the
 * server's resident memory is about 26 MB smaller, for about 0.7 ms more CPU
 * per edit in collections (README, Performance).
 */
export const SERVER_NODE_OPTIONS: readonly string[] = ['--max-semi-space-size=2'];

// ---- Initialization and settings -------------------------------------------

/** `initializationOptions` the server understands; every one may be left out. */
export interface InitializationOptions {
  /** The workspace is trusted (VS Code workspace trust); other clients may leave it out. */
  trusted?: boolean;
  /** The client itself sends config-file and settings change events (the VS Code client does). */
  synchronizes?: boolean;
  /** Send a STATUS notification after each check (the VS Code client's language status item). */
  status?: boolean;
  /** Milliseconds of typing pause before a check; the benchmark also measures 0. */
  debounceMs?: number;
  /** Characters above which a document is not checked (0: no limit), for clients without `codingNotes.maxDocumentSize`. */
  maxDocumentSize?: number;
}

/**
 * The `codingNotes` settings section as package.json declares it, as a client
 * sends it (workspace/configuration or didChangeConfiguration). The server
 * reads it defensively (server/src/lsp/settings.ts): any part may be missing or malformed.
 */
export interface CodingNotesSettings {
  /** Severity per rule id, over what `.codingnotes.json` says, in this editor only. */
  rules?: Record<string, SeveritySetting>;
  fixAll?: { kinds?: FixKind[] };
  inlayHints?: { titles?: boolean };
  /** Read by the client only: the language status item warns above this many milliseconds. */
  statusBudgetMs?: number;
  maxDocumentSize?: number;
  trace?: { server?: 'off' | 'messages' | 'verbose' };
}

/** The settings section the server asks for and the client forwards. */
export const SETTINGS_SECTION = 'codingNotes';

// ---- Params and results ----------------------------------------------------

export interface FixAllParams {
  textDocument: { uri: string };
}

export interface FixAllSummary {
  /** The kinds fix-all applied (`codingNotes.fixAll.kinds`). */
  kinds: FixKind[];
  /** How many fixes it applied, per kind (over every pass). */
  applied: Record<FixKind, number>;
  /** Preferred fixes left in the fixed note because their kind is not in `kinds`: a click applies each. */
  waiting: Record<FixKind, number>;
}

export interface FixAllResult {
  /** The document version the edits are for. */
  version: number;
  /** LSP text edits that turn that version into the fixed note (none when nothing applies). */
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
  summary: FixAllSummary;
}

/** Params of the workspace check and the audit report: the workspace folders (URIs). */
export interface FoldersParams {
  folders: string[];
  /** A progress token of the client's (LSP work-done progress): the check reports "N of M files" on it. */
  workDoneToken?: string | number;
}

export interface WorkspaceCheckResult {
  files: number;
  notes: number;
  error: number;
  warning: number;
  information: number;
  hint: number;
  /** One line each: a folder or file that could not be read, and links not followed. */
  problems: string[];
  /** How many of the problems are notes (or folders) that could not be checked. */
  notChecked: number;
  /** The check was stopped (the Cancel of its progress) before it reached every note. */
  cancelled: boolean;
}

export interface AuditReportResult {
  /** A self-contained page: no script, nothing loaded from anywhere. */
  html: string;
  files: number;
  /** The paths the report could not check, and why (the page lists them too). */
  notChecked?: { path: string; reason: string }[];
}

export interface RulesParams {
  /** The document whose configuration decides the rules (its packs); the defaults without one. */
  uri?: string;
}

export interface RuleInfo {
  id: string;
  summary: string;
  /** The rule's default severity. */
  severity: string;
  docsUrl: string;
}

export interface StatusParams {
  uri: string;
  version: number;
  /** The `.codingnotes.json` in force (a path), or null for the defaults. */
  configFile: string | null;
  notes: number;
  counts: Record<Severity, number>;
  /** How long the check took, in milliseconds. */
  durationMs: number;
  /** The official releases loaded for the document's configuration (none: the bundled tables alone). */
  releases: StatusRelease[];
}

/** A loaded release, as the language status item shows it. */
export interface StatusRelease {
  classification: 'opcs4' | 'icd10';
  /** `OPCS-4.11`, `ICD-10 5th Edition`, or the classification's name when the files state no version. */
  label: string;
  version: string | null;
  codes: number;
  file: string | null;
}
