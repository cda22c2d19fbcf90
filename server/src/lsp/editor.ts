// The editor features beyond diagnostics: outline, folding, formatting, inlay
// titles, document links, the workspace check, the audit report and the status
// that the client's language status item shows. Adapters only: every answer
// comes from the core (features/) or the report (report/).

import { basename, relative } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InitializeParams, Connection, ServerCapabilities, TextDocuments, CancellationToken } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings, CheckResult } from '../core/engine';
import type { Severity } from '../core/types';
import { documentSymbols } from '../core/features/symbols';
import { foldingRanges } from '../core/features/folding';
import { formatDocument, formatRange } from '../core/features/format';
import { inlayHints } from '../core/features/inlay';
import { documentLinks } from '../core/features/links';
import { auditFile, buildAudit, releasesOf, renderHtml } from '../report';
import type { AuditClassification, AuditFileInput, PackInfo, ReportLinks } from '../report';
// eslint-disable-next-line import/no-restricted-paths -- moved to node/ on another branch
import { walkInputs } from '../cli/walk';
// eslint-disable-next-line import/no-restricted-paths -- moved to node/ on another branch
import { readNoteFile } from '../cli/textfile';
import { DEFAULT_LIMITS, formatSize } from '../node/safe-read';
import { DEFAULT_MAX_DOCUMENT_SIZE } from './unchecked';
import { toDiagnostic, ruleDocsUrl } from './diagnostics';
import { guarded, Logger } from './guard';
import { filePath } from './workspaces';
import { isNoteDocument } from './checked';
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

/** The workspace check and the audit report give other requests a turn at least this often (milliseconds). */
const YIELD_EVERY_MS = 10;

/** The command a note link in the report runs in VS Code (registered by the client). */
export const OPEN_NOTE_COMMAND = 'codingNotes.openNote';

export class EditorFeatures {
  private refreshSupported = false;
  private sendsStatus = false;
  /** Files whose diagnostics the workspace check published (closed in the editor). */
  private readonly fromDisk = new Set<string>();

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
        return inlayHints(engine, document.getText(), settings, params.range);
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
      guarded(log, 'audit report', { html: '', files: 0 }, (params: FoldersParams, token: CancellationToken) => this.auditReport(params, token)),
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
    // Only a client that asks for them (the VS Code client does) gets status notifications.
    const options = params.initializationOptions as { status?: unknown } | null | undefined;
    this.sendsStatus = options?.status === true;
  }

  /** Settings changed: the client asks for inlay hints again. */
  refreshInlayHints(): void {
    if (this.refreshSupported) void this.host.connection.languages.inlayHint.refresh().catch(() => undefined);
  }

  /** Tells the client what a check of an open document found, and how long it took. */
  status(uri: string, version: number, configFile: string | null, result: CheckResult, durationMs: number): void {
    if (!this.sendsStatus) return;
    const counts: Record<Severity, number> = { error: 0, warning: 0, information: 0, hint: 0 };
    for (const f of result.findings) counts[f.severity]++;
    const base = { uri, version, configFile, notes: result.notes.length, counts, durationMs: Math.round(durationMs * 10) / 10 };
    // The releases in force come with the engine (loaded once per configuration, shared by its documents).
    void this.host
      .contextFor(uri)
      .then(
        ({ engine }) =>
          engine.terms.loadedReleases().map((r): StatusRelease => ({ classification: r.classification, label: r.label, version: r.version, codes: r.codes, file: r.file })),
        () => [],
      )
      .then((releases) => this.host.connection.sendNotification(STATUS, { ...base, releases } satisfies StatusParams))
      .catch(() => undefined);
  }

  /**
   * A document was closed. When the workspace check covers it, its diagnostics
   * are those of the file on disk again (returns true); else the caller clears them.
   */
  closed(uri: string): boolean {
    if (!this.fromDisk.has(uri)) return false;
    const path = filePath(uri);
    const read = path ? readNoteFile(path, DEFAULT_LIMITS.note) : null;
    if (!read?.ok) return false;
    void this.host.contextFor(uri).then(
      ({ engine, settings }) => {
        if (this.host.documents.get(uri) || !this.fromDisk.has(uri)) return;
        void this.host.connection.sendDiagnostics({ uri, diagnostics: engine.check(read.note.text, settings).findings.map(toDiagnostic) });
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

  /**
   * Every `.codingnote` under the folders: the open ones as the editor holds
   * them, the others from disk. The search follows no link out of a folder (nor
   * into /proc, /sys or /dev), ends loops, reads only regular files within the
   * size limit, gives other requests a turn every few milliseconds, and stops
   * when the request is cancelled.
   */
  private async *notesIn(folders: readonly string[], problems: string[], token: CancellationToken): AsyncGenerator<{ uri: string; display: string; text: string }> {
    const paths = folders.map((f) => filePath(f)).filter((p): p is string => p !== null);
    let lastYield = performance.now();
    const pause = async () => {
      if (performance.now() - lastYield < YIELD_EVERY_MS) return;
      await new Promise((done) => setImmediate(done));
      lastYield = performance.now();
    };
    const skipped: string[] = [];
    for (const folder of paths) {
      for (const event of walkInputs(['.'], folder)) {
        await pause();
        if (token.isCancellationRequested) return;
        if (event.kind === 'problem') problems.push(event.line);
        if (event.kind === 'skipped') skipped.push(event.link.display);
        if (event.kind !== 'note') continue;
        const input = event.input;
        const uri = pathToFileURL(input.path).href;
        const display = paths.length > 1 ? `${basename(folder)}/${relative(folder, input.path)}` : relative(folder, input.path);
        const open = this.host.documents.get(uri);
        if (open && isNoteDocument(open)) {
          yield { uri, display, text: open.getText() };
          continue;
        }
        const limit = (await this.host.maxDocumentSize?.(uri)) ?? DEFAULT_MAX_DOCUMENT_SIZE;
        // A UTF-8 byte is at most one UTF-16 character, and 3 bytes at least one: read at most 3 bytes a character.
        const read = readNoteFile(input.path, limit > 0 ? 3 * limit : DEFAULT_LIMITS.note);
        if (!read.ok) problems.push(`cannot read ${display}: ${read.reason}`);
        else if (limit > 0 && read.note.text.length > limit) {
          problems.push(`${display} is not checked: it has more than ${limit.toLocaleString('en-GB')} characters (codingNotes.maxDocumentSize), ${formatSize(read.note.bytes.length)}`);
        } else yield { uri, display, text: read.note.text };
      }
    }
    if (skipped.length) {
      const more = skipped.length > 1 ? ` and ${skipped.length - 1} more` : '';
      problems.push(`not followed: ${skipped[0]}${more}, symbolic link${skipped.length > 1 ? 's' : ''} out of the workspace folder or into a folder of the system`);
    }
  }

  private async checkWorkspace(params: FoldersParams, token: CancellationToken): Promise<WorkspaceCheckResult> {
    const result = emptyCheck();
    const seen = new Set<string>();
    for await (const note of this.notesIn(params?.folders ?? [], result.problems, token)) {
      if (token.isCancellationRequested) break;
      const { engine, settings } = await this.host.contextFor(note.uri);
      if (token.isCancellationRequested) break;
      const checked = engine.check(note.text, settings);
      result.files++;
      result.notes += checked.notes.length;
      for (const f of checked.findings) result[f.severity]++;
      const open = this.host.documents.get(note.uri);
      if (open && isNoteDocument(open)) continue; // an open note's diagnostics are live already
      seen.add(note.uri);
      this.fromDisk.add(note.uri);
      void this.host.connection.sendDiagnostics({ uri: note.uri, diagnostics: checked.findings.map(toDiagnostic) });
    }
    if (!token.isCancellationRequested) {
      // Files that went away since the last workspace check.
      for (const uri of [...this.fromDisk]) {
        if (seen.has(uri) || this.host.documents.get(uri)) continue;
        this.fromDisk.delete(uri);
        void this.host.connection.sendDiagnostics({ uri, diagnostics: [] });
      }
    }
    return result;
  }

  private async auditReport(params: FoldersParams, token: CancellationToken): Promise<{ html: string; files: number }> {
    const files: AuditFileInput[] = [];
    const packs = new Map<string, PackInfo>();
    const classifications: AuditClassification[] = [];
    const uris = new Map<string, string>();
    const problems: string[] = [];
    for await (const note of this.notesIn(params?.folders ?? [], problems, token)) {
      if (token.isCancellationRequested) return { html: '', files: 0 };
      const { engine, settings } = await this.host.contextFor(note.uri);
      for (const p of engine.packs) if (!packs.has(p.id)) packs.set(p.id, { id: p.id, title: p.title, url: p.source.url });
      releasesOf(engine, classifications);
      uris.set(note.display, note.uri);
      files.push(auditFile(engine, settings, note.display, note.text));
    }
    const links: ReportLinks = {
      noteHref: (path, line) => `command:${OPEN_NOTE_COMMAND}?${encodeURIComponent(JSON.stringify([uris.get(path) ?? path, line]))}`,
    };
    return { html: renderHtml(buildAudit({ files, packs: [...packs.values()], classifications }), links), files: files.length };
  }
}

function emptyCheck(): WorkspaceCheckResult {
  return { files: 0, notes: 0, error: 0, warning: 0, information: 0, hint: 0, problems: [] };
}
