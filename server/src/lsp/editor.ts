// The editor features beyond diagnostics: outline, folding, formatting, inlay
// titles, document links, the workspace check, the audit report and the status
// that the client's language status item shows. Adapters only: every answer
// comes from the core (features/) or the report (report/).

import { basename, dirname, relative } from 'node:path';
import type { InitializeParams, Connection, ServerCapabilities, TextDocuments, CancellationToken, WorkDoneProgressReporter } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings } from '../core/engine';
import type { Severity } from '../core/types';
import { documentSymbols } from '../core/features/symbols';
import { foldingRanges } from '../core/features/folding';
import { formatDocument, formatRange } from '../core/features/format';
import { inlayHints } from '../core/features/inlay';
import { documentLinks } from '../core/features/links';
import { auditFile, buildAudit, releasesOf, renderHtml } from '../report';
import type { AuditClassification, AuditFileInput, NotChecked, ReportLinks } from '../report';
import { notCheckedOf, RunRecord } from '../node/report-record';
import { findConfig } from '../node/workspace';
import { version as TOOL_VERSION } from '../../../package.json';
import { isWithin } from '../node/walk';
import { readNoteFile } from '../node/textfile';
import type { DecodeOptions } from '../node/textfile';
import { DEFAULT_LIMITS } from '../node/safe-read';
import { notesIn } from './notes';
import type { FoundNote, NotesProgress } from './notes';
import { toDiagnostic, ruleDocsUrl } from './diagnostics';
import { guarded, Logger } from './guard';
import { filePath } from './workspaces';
import { isNoteDocument } from './checked';
import { NoteDocument } from './line-document';
import { AUDIT_REPORT, CHECK_WORKSPACE, RULES, STATUS } from '../../../protocol/protocol';
import type { FoldersParams, StatusParams, StatusRelease, WorkspaceCheckResult } from '../../../protocol/protocol';

export const EDITOR_CAPABILITIES = {
  documentSymbolProvider: { label: 'Coding notes' },
  foldingRangeProvider: true,
  documentFormattingProvider: true,
  documentRangeFormattingProvider: true,
  inlayHintProvider: { resolveProvider: false },
  documentLinkProvider: { resolveProvider: false },
} satisfies ServerCapabilities;

export interface EditorHost {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  log: Logger;
  contextFor(uri: string): Promise<{ engine: Engine; settings: CheckSettings }>;
  /** The editor's `codingNotes.inlayHints.titles` for a document. */
  inlayHintTitles(uri: string): Promise<boolean>;
  /** The document is not checked (too large, or not valid UTF-8): features answer nothing for it. */
  unchecked(uri: string): Promise<boolean>;
  /** `codingNotes.maxDocumentSize` for a document, in characters (0: no limit); DEFAULT_MAX_DOCUMENT_SIZE when not given. */
  maxDocumentSize?(uri: string): Promise<number>;
}

/** The workspace check's progress says how far it is at most this often (milliseconds), besides its first and last count. */
const REPORT_EVERY_MS = 100;

/** The command a note link in the report runs in VS Code (registered by the client). */
export const OPEN_NOTE_COMMAND = 'codingNotes.openNote';

export class EditorFeatures {
  private refreshSupported = false;
  private sendsStatus = false;
  /** The client answers workspace/configuration (for `files.encoding`). */
  private pullsSettings = false;
  /** Files whose diagnostics the workspace check published (closed in the editor), with how they were read. */
  private readonly fromDisk = new Map<string, DecodeOptions>();

  constructor(private readonly host: EditorHost) {
    const { connection, log } = host;
    connection.onDocumentSymbol(guarded(log, 'document symbols', [], (params) => this.withText(params.textDocument.uri, [], (text) => documentSymbols(text))));
    connection.onFoldingRanges(guarded(log, 'folding ranges', [], (params) => this.withText(params.textDocument.uri, [], (text) => foldingRanges(text))));
    connection.onDocumentFormatting(guarded(log, 'formatting', [], (params) => this.withText(params.textDocument.uri, [], (text) => formatDocument(text))));
    connection.onDocumentRangeFormatting(
      guarded(log, 'range formatting', [], (params) => this.withText(params.textDocument.uri, [], (text) => formatRange(text, params.range))),
    );
    connection.languages.inlayHint.on(
      guarded(log, 'inlay hints', [], async (params, token) => {
        const uri = params.textDocument.uri;
        if (!this.host.documents.get(uri) || !(await this.host.inlayHintTitles(uri)) || (await this.host.unchecked(uri))) return [];
        const { engine, settings } = await this.host.contextFor(uri);
        const document = this.host.documents.get(uri);
        if (!document || token.isCancellationRequested) return [];
        if (!(document instanceof NoteDocument)) return inlayHints(engine, document.getText(), settings, params.range);
        // The notes the range covers, read alone and moved to their place: no whole text per request.
        const { start, end } = params.range;
        const notes = document.notesAt(start.line, end.line);
        const range = {
          start: { line: start.line - notes.first, character: start.character },
          end: { line: end.line - notes.first, character: end.character },
        };
        return inlayHints(engine, notes.text, settings, range).map((h) =>
          notes.first ? { ...h, position: { line: h.position.line + notes.first, character: h.position.character } } : h,
        );
      }),
    );
    connection.onDocumentLinks(
      guarded(log, 'document links', [], async (params) => {
        const uri = params.textDocument.uri;
        if (!this.host.documents.get(uri) || (await this.host.unchecked(uri))) return [];
        const { engine } = await this.host.contextFor(uri);
        const document = this.host.documents.get(uri);
        return document ? documentLinks(engine, document.getText(), { docsUrl: ruleDocsUrl }) : [];
      }),
    );
    connection.onRequest(
      CHECK_WORKSPACE,
      guarded(log, 'workspace check', emptyCheck(), (params: FoldersParams, token: CancellationToken) => this.checkWorkspace(params, token)),
    );
    connection.onRequest(
      AUDIT_REPORT,
      guarded(log, 'audit report', { html: '', files: 0, notChecked: [] }, (params: FoldersParams, token: CancellationToken) =>
        this.auditReport(params, token),
      ),
    );
    connection.onRequest(
      RULES,
      guarded(log, 'rules', [], async (params: { uri?: string } | null) => {
        const { engine } = await this.host.contextFor(params?.uri ?? '');
        return engine.rules.map((r) => ({ id: r.id, summary: r.summary, severity: r.defaultSeverity, docsUrl: ruleDocsUrl(r.id) }));
      }),
    );
  }

  initialize(params: InitializeParams): void {
    this.refreshSupported = params.capabilities.workspace?.inlayHint?.refreshSupport === true;
    this.pullsSettings = params.capabilities.workspace?.configuration === true;
    // Only a client that asks for them (the VS Code client does) gets status notifications.
    const options = params.initializationOptions as { status?: unknown } | null | undefined;
    this.sendsStatus = options?.status === true;
  }

  /** Settings changed: the client asks for inlay hints again. */
  refreshInlayHints(): void {
    if (this.refreshSupported) void this.host.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  /** Tells the client what a check of an open document found, and how long it took. */
  status(uri: string, version: number, configFile: string | null, result: { notes: number; counts: Record<Severity, number> }, durationMs: number): void {
    if (!this.sendsStatus) return;
    const base = { uri, version, configFile, notes: result.notes, counts: result.counts, durationMs: Math.round(durationMs * 10) / 10 };
    // The releases in force come with the engine (loaded once per configuration, shared by its documents).
    void this.host
      .contextFor(uri)
      .then(
        ({ engine }) =>
          engine.terms
            .loadedReleases()
            .map((r): StatusRelease => ({ classification: r.classification, label: r.label, version: r.version, codes: r.codes, file: r.file })),
        () => [],
      )
      .then((releases) => this.host.connection.sendNotification(STATUS, { ...base, releases } satisfies StatusParams))
      .catch(() => undefined);
  }

  /** A document was opened: were the diagnostics of its file on disk published (by the workspace check)? */
  opened(uri: string): boolean {
    return this.fromDisk.has(uri);
  }

  /**
   * A document was closed. When the workspace check covers it, its diagnostics
   * are those of the file on disk again (returns true); else the caller clears them.
   */
  closed(uri: string): boolean {
    if (!this.fromDisk.has(uri)) return false;
    const path = filePath(uri);
    const read = path ? readNoteFile(path, DEFAULT_LIMITS.note, this.fromDisk.get(uri)) : null;
    if (!read?.ok) return false;
    void this.host.contextFor(uri).then(
      ({ engine, settings }) => {
        if (this.host.documents.get(uri) || !this.fromDisk.has(uri)) return;
        void this.host.connection.sendDiagnostics({ uri, diagnostics: engine.check(read.note.text, settings).findings.map((f) => toDiagnostic(f, uri)) });
      },
      () => undefined,
    );
    return true;
  }

  private async withText<R>(uri: string, fallback: R, run: (text: string) => R): Promise<R> {
    if (!this.host.documents.get(uri) || (await this.host.unchecked(uri))) return fallback;
    const document = this.host.documents.get(uri);
    return document ? run(document.getText()) : fallback;
  }

  /** The notes under the folders, as the workspace check and the audit report read them (lsp/notes.ts). */
  private notesIn(folders: readonly string[], problems: string[], token: CancellationToken, progress: NotesProgress = {}): AsyncGenerator<FoundNote> {
    return notesIn(
      {
        documents: this.host.documents,
        connection: this.host.connection,
        maxDocumentSize: this.host.maxDocumentSize?.bind(this.host),
        pullsSettings: this.pullsSettings,
      },
      folders,
      problems,
      token,
      progress,
    );
  }

  /**
   * Work-done progress for the workspace check: on the client's token when the
   * request brings one (cancelled by cancelling the request), else on one the
   * server creates where the client supports it (cancelled by its Cancel).
   */
  private async workDone(params: FoldersParams): Promise<{ reporter: WorkDoneProgressReporter; cancelled: () => boolean }> {
    const { connection } = this.host;
    if (params?.workDoneToken !== undefined) return { reporter: connection.window.attachWorkDoneProgress(params.workDoneToken), cancelled: () => false };
    try {
      const reporter = await connection.window.createWorkDoneProgress();
      return { reporter, cancelled: () => reporter.token.isCancellationRequested };
    } catch {
      return { reporter: connection.window.attachWorkDoneProgress(undefined), cancelled: () => false };
    }
  }

  private async checkWorkspace(params: FoldersParams, token: CancellationToken): Promise<WorkspaceCheckResult> {
    const result = emptyCheck();
    const seen = new Set<string>();
    const { reporter, cancelled } = await this.workDone(params);
    const stopped = () => token.isCancellationRequested || cancelled();
    reporter.begin('Checking coding notes', 0, 'finding notes…', true);
    let lastReport = -Infinity;
    let lastShown = '';
    const report = (message: string, percentage: number, always = false) => {
      if (message === lastShown || (!always && performance.now() - lastReport < REPORT_EVERY_MS)) return;
      lastReport = performance.now();
      lastShown = message;
      reporter.report(percentage, message);
    };
    const progress: NotesProgress = {
      stopped,
      found: (n) => report(`finding notes… ${n} found`, 0),
      // The first and the last count always, the others at most every REPORT_EVERY_MS.
      reading: (done, total) => report(`${done} of ${total} files`, total ? Math.floor((100 * done) / total) : 100, done === 0 || done === total),
      notChecked: () => result.notChecked++,
    };
    try {
      for await (const note of this.notesIn(params?.folders ?? [], result.problems, token, progress)) {
        if (stopped()) break;
        const { engine, settings } = await this.host.contextFor(note.uri);
        if (stopped()) break;
        const checked = engine.check(note.text, settings);
        result.files++;
        result.notes += checked.notes.length;
        for (const f of checked.findings) result[f.severity]++;
        const open = this.host.documents.get(note.uri);
        if (open && isNoteDocument(open)) continue; // an open note's diagnostics are live already
        seen.add(note.uri);
        this.fromDisk.set(note.uri, note.decode ?? {});
        void this.host.connection.sendDiagnostics({ uri: note.uri, diagnostics: checked.findings.map((f) => toDiagnostic(f, note.uri)) });
      }
    } finally {
      reporter.done();
    }
    result.cancelled = stopped();
    if (!result.cancelled) {
      // Files that went away since the last workspace check.
      for (const uri of [...this.fromDisk.keys()]) {
        if (seen.has(uri) || this.host.documents.get(uri)) continue;
        this.fromDisk.delete(uri);
        void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    return result;
  }

  /**
   * The audit report of the workspace folders, as a record: when, by which
   * version, under which configurations (with their digests), and every file it
   * could not read or check, listed in the report and returned for the client.
   */
  private async auditReport(params: FoldersParams, token: CancellationToken): Promise<AuditReportResult> {
    const folders = (params?.folders ?? []).map((f) => filePath(f)).filter((p): p is string => p !== null);
    const files: AuditFileInput[] = [];
    const classifications: AuditClassification[] = [];
    const uris = new Map<string, string>();
    const problems: string[] = [];
    const record = new RunRecord((path) => shownIn(folders, path));
    for await (const note of this.notesIn(params?.folders ?? [], problems, token)) {
      if (token.isCancellationRequested) return { html: '', files: 0, notChecked: [] };
      const { engine, settings } = await this.host.contextFor(note.uri);
      const path = filePath(note.uri);
      record.checked(path ? findConfig(dirname(path)) : null, engine, settings);
      releasesOf(engine, classifications);
      uris.set(note.display, note.uri);
      files.push(auditFile(engine, settings, note.display, note.text));
    }
    for (const line of problems) record.notChecked(notCheckedOf(line));
    const links: ReportLinks = {
      noteHref: (path, line) => `command:${OPEN_NOTE_COMMAND}?${encodeURIComponent(JSON.stringify([uris.get(path) ?? path, line]))}`,
    };
    const audit = buildAudit({ files, packs: record.packInfo(), classifications, run: record.run(new Date(), TOOL_VERSION) });
    return { html: renderHtml(audit, links), files: files.length, notChecked: audit.notChecked };
  }
}

/** The answer to `codingNotes/auditReport`: the page, the files checked, and those not checked with why. */
export interface AuditReportResult {
  html: string;
  files: number;
  notChecked: NotChecked[];
}

/** A path as the editor's report names it: relative to its workspace folder (with the folder's name when there are several), else as it is. */
function shownIn(folders: readonly string[], path: string): string {
  for (const folder of folders) {
    if (!isWithin(path, folder)) continue;
    const rel = relative(folder, path);
    return folders.length > 1 ? `${basename(folder)}/${rel}` : rel;
  }
  return path;
}

function emptyCheck(): WorkspaceCheckResult {
  return { files: 0, notes: 0, error: 0, warning: 0, information: 0, hint: 0, problems: [], notChecked: 0, cancelled: false };
}
