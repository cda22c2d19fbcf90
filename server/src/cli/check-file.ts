// One file of `coding-notes check`: read, fixed, checked, and its part of the
// report written, in whichever thread checks it (check.ts for one file or a
// small run, a worker of pool.ts otherwise). What comes back is small: the
// report's part as text, the totals the summary needs, the lines for stderr,
// and, with `--fix`, the bytes to write. Writing stays with the main thread
// (check.ts), so a file is written only between two files, with signals held,
// exactly as when everything ran in one thread.

import type { Workspace } from '../node/workspace';
import type { AppliedFix, CheckSettings } from '../core/engine';
import type { FixKind } from '../core/types';
import type { Format } from './args';
import { encodeNote } from '../node/textfile';
import type { DecodeOptions, Encoding, ReadResult } from '../node/textfile';
import { FileResult, FileTotals, fileTotals, jsonFile, textLines } from './report';
import { sarifFileResults } from './sarif';
import { csvRows, csvText } from '../report/csv';
import { emitJson, INDENT } from './json-stream';

/** How a file is checked: the same for every file of a run. */
export interface FileCheckOptions {
  format: Format;
  /** `--fix` or `--fix-dry-run`. */
  fixing: boolean;
  /** `--fix` on files: the fixed text is to be written (by the main thread). */
  writing: boolean;
  fixTypes: FixKind[] | null;
  quiet: boolean;
  inlineConfig: boolean;
  reportUnusedDirectives: boolean;
  /** The working folder, for SARIF's artifact locations. */
  cwd: string;
}

/** A file to check, as the report names it. */
export interface FileSource {
  /** Absolute path. */
  path: string;
  display: string;
}

/** What the rendering of a file needs besides the file. */
export interface PartContext {
  /** SARIF: each rule id's index in the log's rules. */
  ruleIndex: ReadonlyMap<string, number>;
}

/** A file's part of the report: pieces of text in order, how many array members they hold (JSON: 1; SARIF: its results), and its totals. */
export interface ReportPart {
  chunks: (string | Uint8Array)[];
  members: number;
  totals: FileTotals;
}

export interface FileOutcome {
  /** Lines for stderr (without `coding-notes: `), each a problem of the run. */
  complaints: string[];
  /** Null when the file was not checked. */
  part: ReportPart | null;
  /**
   * With `--fix`, when fixes changed the text: the bytes read and the bytes to
   * write (the part describes the file as written), or why the fixed text
   * cannot be written (the part then describes the file as it is).
   */
  write: { original: Uint8Array; fixed: Uint8Array } | { failed: string } | null;
}

/** What to tell a person whose note is not in the encoding expected. */
export const ENCODING_ADVICE = 'save it as UTF-8, or name its encoding with --encoding (windows-1252, utf-16le or utf-16be)';

/** How the command line reads a note's bytes: `--encoding`, and advice that names it. */
export function decodeOptions(options: { encoding: Encoding | null }): DecodeOptions {
  return { encoding: options.encoding, advice: ENCODING_ADVICE };
}

/** JSON: a file is a member of `files`, at depth 2; SARIF: a result is a member of `runs[0].results`, at depth 4. */
export const MEMBER_DEPTH = { json: 2, sarif: 4 } as const;

/** Pieces are joined into chunks of about this many characters before they are passed on. */
const CHUNK = 1 << 20;

/** The settings a file is checked with: its configuration's, and what the command line adds. */
export function settingsOf(ws: Workspace, options: { inlineConfig: boolean; reportUnusedDirectives?: boolean }): CheckSettings {
  const settings: CheckSettings = { ...ws.settings };
  if (!options.inlineConfig) settings.inlineConfig = false;
  if (options.reportUnusedDirectives) settings.reportUnusedDirectives = true;
  return settings;
}

/**
 * Checks one file that was read (or could not be). `fixFailed`: fixing, but
 * the fixes could not be written, so the file is reported as it is, with no
 * fix applied (the main thread's second look after a failed write).
 */
export function checkFile(
  source: FileSource,
  read: ReadResult,
  ws: Workspace,
  options: FileCheckOptions,
  context: PartContext,
  fixFailed = false,
): FileOutcome {
  if (!read.ok) return { complaints: [`cannot read ${source.display}: ${read.reason}`], part: null, write: null };
  const { note } = read;
  const settings = settingsOf(ws, options);
  let text = note.text;
  let fixed = false;
  let applied: AppliedFix[] | null = options.fixing ? [] : null;
  let write: FileOutcome['write'] = null;
  if (options.fixing && !fixFailed) {
    const result = ws.engine.fixAll(text, settings, options.fixTypes ? { kinds: options.fixTypes } : {});
    if (result.text !== text) {
      // Written back in the encoding (and with the byte order mark) it was read in: never converted.
      const encoded = options.writing ? encodeNote(result.text, note) : null;
      if (encoded && !encoded.ok) {
        write = { failed: encoded.reason };
      } else {
        if (encoded) write = { original: note.bytes, fixed: encoded.bytes };
        text = result.text;
        applied = result.records;
        fixed = true;
      }
    }
  }
  const { findings, notes, suppressed = [] } = ws.engine.check(text, settings, { suppressed: true });
  const shown = <T extends { severity: string }>(list: T[]) => (options.quiet ? list.filter((f) => f.severity === 'error') : list);
  const result: FileResult = { path: source.path, display: source.display, notes, findings: shown(findings), suppressed: shown(suppressed), fixed, applied };
  return { complaints: [], part: renderPart(result, options, context), write };
}

/** A file's part of the report in the run's format: what check.ts writes between the report's opening and closing. */
export function renderPart(result: FileResult, options: Pick<FileCheckOptions, 'format' | 'cwd'>, context: PartContext): ReportPart {
  const chunks: string[] = [];
  let pending: string[] = [];
  let size = 0;
  const emit = (piece: string) => {
    pending.push(piece);
    size += piece.length;
    if (size >= CHUNK) flush();
  };
  const flush = () => {
    if (pending.length) chunks.push(pending.join(''));
    pending = [];
    size = 0;
  };
  let members = 0;
  switch (options.format) {
    case 'json':
      // The file object and its lists a member at a time: a file of 100,000 notes is not one string either.
      emitJson(jsonFile(result), MEMBER_DEPTH.json, 2, emit);
      members = 1;
      break;
    case 'sarif': {
      const separator = ',\n' + INDENT.repeat(MEMBER_DEPTH.sarif);
      for (const r of sarifFileResults(result, context.ruleIndex, options.cwd)) {
        if (members++) emit(separator);
        emitJson(r, MEMBER_DEPTH.sarif, 0, emit);
      }
      break;
    }
    case 'csv':
      for (const row of csvRows(result)) emit(csvText([row]));
      break;
    default:
      emit(textLines(result));
  }
  flush();
  return { chunks, members, totals: fileTotals(result) };
}
