// Plain data shapes shared by the core and its adapters. They mirror the LSP
// shapes (0-based lines, UTF-16 characters) so adapters pass them through as-is.

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

export type Severity = 'error' | 'warning' | 'information' | 'hint';
export type SeveritySetting = Severity | 'off';
export const SEVERITY_SETTINGS: readonly SeveritySetting[] = ['error', 'warning', 'information', 'hint', 'off'];

/**
 * What a fix does to the note (rules.md, "What fix-all may change"):
 * `reading` repairs a slip, `layout` changes no code, `insert` adds what the
 * note's documentation requires, `change` replaces or removes a code the coder wrote.
 */
export type FixKind = 'reading' | 'layout' | 'insert' | 'change';
export const FIX_KINDS: readonly FixKind[] = ['reading', 'layout', 'insert', 'change'];
/** The kinds fix-all, fix-on-save and `--fix` apply unless asked for more. */
export const DEFAULT_FIX_KINDS: readonly FixKind[] = ['reading', 'layout', 'insert'];

export interface Fix {
  title: string;
  /** The fix a click applies; fix-all applies it too when its kind is allowed. */
  preferred: boolean;
  kind: FixKind;
  edits: TextEdit[];
}

/**
 * Another place a finding points to, with what it is ("first given here"): a
 * message names no line number, so that a note's findings do not change when
 * the note moves (LSP `relatedInformation`, SARIF `relatedLocations`).
 */
export interface RelatedInformation {
  range: Range;
  message: string;
}

/**
 * What a rule found. Its positions are `range`, the ranges of its fixes' edits
 * and of `related`: moving a finding to other lines (the incremental checker's
 * `shiftFinding`) moves exactly these.
 */
export interface Finding {
  rule: string;
  severity: Severity;
  range: Range;
  message: string;
  fixes: Fix[];
  /** Other places in the same document that the message refers to; absent when there are none. */
  related?: RelatedInformation[];
}

/**
 * The message with its related places after it, for outputs that have one text
 * per finding (the text and CSV reports, the audit report):
 * `… already listed earlier; … (line 7: C78.7 first listed here)`, lines 1-based.
 */
export function messageWithPlaces(f: Pick<Finding, 'message' | 'related'>): string {
  if (!f.related?.length) return f.message;
  return `${f.message} (${f.related.map((r) => `line ${r.range.start.line + 1}: ${r.message}`).join('; ')})`;
}

export function range(line: number, start: number, endLine: number, end: number): Range {
  return { start: { line, character: start }, end: { line: endLine, character: end } };
}

export function lineRange(line: number, start: number, end: number): Range {
  return range(line, start, line, end);
}

export function comparePositions(a: Position, b: Position): number {
  return a.line - b.line || a.character - b.character;
}
