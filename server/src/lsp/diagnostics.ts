// Findings and configuration problems as LSP diagnostics.

import { pathToFileURL } from 'node:url';
import { join, resolve } from 'node:path';
import { Diagnostic, DiagnosticRelatedInformation, DiagnosticSeverity } from 'vscode-languageserver/node';
import type { Finding, Severity } from '../core/types';
import { messageWithPlaces } from '../core/types';

export const SOURCE = 'coding-notes';

const SEVERITIES: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

/**
 * The rule pages ship inside the extension (and the npm package) next to the
 * bundle: dist/server.js → docs/rules/<rule id>.md. The product never goes to
 * the network, so links are file URIs.
 */
const RULE_DOCS = resolve(__dirname, '..', 'docs', 'rules');

/** Per rule id, its page's URL: made once, shared by every diagnostic of the rule. */
const ruleDocsUrls = new Map<string, string>();

export function ruleDocsUrl(ruleId: string): string {
  let url = ruleDocsUrls.get(ruleId);
  if (url === undefined) ruleDocsUrls.set(ruleId, (url = pathToFileURL(join(RULE_DOCS, ...ruleId.split('/')) + '.md').href));
  return url;
}

/**
 * Whether the client shows related information (`publishDiagnostics.relatedInformation`,
 * set once at initialize). A client that does not gets the related places in the message
 * instead, as the text report writes them, so that no message loses the place it refers to.
 */
let relatedSupport = true;

export function setRelatedInformationSupport(supported: boolean): void {
  relatedSupport = supported;
}

/** Diagnostics that say something was not checked: no rule, so no page and no "Disable". */
export const NOT_CHECKED_FAMILY = 'not-checked/';

/** A finding of the document `uri` as an LSP diagnostic. */
export function toDiagnostic(finding: Finding, uri: string): Diagnostic {
  const diagnostic: Diagnostic = {
    range: finding.range,
    severity: SEVERITIES[finding.severity],
    code: finding.rule,
    // `not-checked/…` says a note was not checked; it is no rule, and has no page.
    ...(finding.rule.startsWith(NOT_CHECKED_FAMILY) ? {} : { codeDescription: { href: ruleDocsUrl(finding.rule) } }),
    source: SOURCE,
    message: relatedSupport ? finding.message : messageWithPlaces(finding),
  };
  const related = relatedSupport ? relatedInformation(finding, uri) : undefined;
  if (related) diagnostic.relatedInformation = related;
  return diagnostic;
}

/** The places a finding's message refers to ("first given here"), all in its own document; undefined when none. */
export function relatedInformation(finding: Finding, uri: string): DiagnosticRelatedInformation[] | undefined {
  if (!finding.related?.length) return undefined;
  return finding.related.map((r) => ({ location: { uri, range: r.range }, message: r.message }));
}

/** Is this a diagnostic that this server published? */
export function isOurs(diagnostic: Diagnostic): diagnostic is Diagnostic & { code: string } {
  return diagnostic.source === SOURCE && typeof diagnostic.code === 'string';
}

/**
 * A document's diagnostics with their JSON as UTF-8, in pieces: each piece is
 * one or more diagnostics' JSON joined by commas (never empty), so the pieces
 * joined by commas are the list's JSON without its brackets. The language
 * server keeps one piece per block of notes (lsp/checked.ts): a publication
 * copies a few hundred buffers, and two lists compare piece by piece (the same
 * buffer, or the same bytes) without encoding either again. `items`, the
 * diagnostics as values, is what a transport without the encoded pieces
 * (node IPC) sends; a list made from pieces makes it only when it is read.
 */
export interface DiagnosticList {
  readonly items: readonly Diagnostic[];
  readonly json: readonly Uint8Array[];
  /** How many diagnostics. */
  readonly count: number;
  /**
   * Part `index` (0-based) of `parts`, for a client that pulls a document's
   * diagnostics in parts (lsp/pull.ts). A list kept per block of notes deals its
   * blocks to the parts in order; a list that belongs to no note (a "not
   * checked" notice) is all in part 0. The parts joined in order are the list.
   */
  part(index: number, parts: number): DiagnosticList;
}

/** A diagnostic's JSON, as the transport sends it. */
export function encodeDiagnostic(diagnostic: Diagnostic): Buffer {
  return Buffer.from(JSON.stringify(diagnostic), 'utf8');
}

/** A list of diagnostics that are not kept anywhere else (a "not checked" notice). */
export function diagnosticList(items: readonly Diagnostic[]): DiagnosticList {
  const list: DiagnosticList = { items, json: items.map(encodeDiagnostic), count: items.length, part: (index) => (index === 0 ? list : EMPTY_LIST) };
  return list;
}

/** No diagnostics: every part of it is itself. */
export const EMPTY_LIST: DiagnosticList = { items: [], json: [], count: 0, part: () => EMPTY_LIST };

/**
 * Do the two lists say the same, in the same order? Compared piece by piece:
 * lists whose pieces are cut at other places count as different (what they
 * say is then sent again, which is never wrong).
 */
export function sameDiagnostics(a: DiagnosticList, b: DiagnosticList): boolean {
  if (a === b) return true;
  if (a.count !== b.count || a.json.length !== b.json.length) return false;
  for (let i = 0; i < a.json.length; i++) if (a.json[i] !== b.json[i] && Buffer.compare(a.json[i], b.json[i]) !== 0) return false;
  return true;
}

/**
 * The publication's params (or a pull report) with its diagnostics under
 * `key`, read from the list only when something reads the property (a
 * transport that sends the encoded pieces never does).
 */
export function withDiagnostics<T extends object>(value: T, key: string, list: DiagnosticList): T {
  Object.defineProperty(value, key, { get: () => list.items, enumerable: true, configurable: true });
  return value;
}
