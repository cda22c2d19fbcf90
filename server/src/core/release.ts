// Official classification release files, read from their text: the format is
// told by the content, never by the file name (release/*.ts has the readers).
//   OPCS-4 Codes and Titles TXT: code without the dot, tab, title; no header.
//   ICD-10 Codes and Titles and Metadata TXT: a header row naming CODE, ALT_CODE, DESCRIPTION…
//   The XML twin of either: one element per code, with the same names inside it.
//   ClaML XML: <Class kind="category" code="…" usage="dagger|aster"> with a preferred rubric label.
// Pure: bytes or text in, codes out. Finding and unzipping the file is node/releases.ts.

import type { Classification, ReleaseData, ReleaseEntry } from './terminology';
import { CLASSIFICATION_NAMES } from './terminology';
import { decodeRelease } from './release/decode';
import { readTxt } from './release/txt';
import { readRecordsXml } from './release/records-xml';
import { isClaml, readClaml } from './release/claml';
import { classificationFromName, versionFromName, versionFromStated } from './release/version';
import { ANY_RELEASE, EXPECTED } from './release/types';
import type { ReleaseRead } from './release/types';

export type { ReleaseFormat, ReleaseRead } from './release/types';
export { decodeRelease } from './release/decode';
export { versionFromName, classificationFromName } from './release/version';

/** The reason given for a file that holds NUL bytes. */
export const NOT_TEXT = 'it holds NUL bytes, so it is not text: UTF-16 without a byte order mark, or not a release file; save it as UTF-8';

/** The format a text is in, from its content: XML (ClaML or records) or tab-separated text. */
export function detectFormat(text: string): 'claml' | 'xml' | 'txt' {
  const start = text.replace(/^\uFEFF/, '').trimStart();
  if (start.startsWith('<')) return isClaml(start) ? 'claml' : 'xml';
  return 'txt';
}

/** Reads a release file's text in whichever format its content is. */
export function readReleaseText(text: string): ReleaseRead {
  const body = text.replace(/^\uFEFF/, '');
  if (body.includes('\0')) {
    return { format: 'txt', formatLabel: 'not text', entries: [], fifthCharacter: 0, unread: null, version: null, states: null, error: NOT_TEXT };
  }
  switch (detectFormat(body)) {
    case 'claml':
      return readClaml(body);
    case 'xml':
      return readRecordsXml(body);
    default:
      return readTxt(body);
  }
}

export interface ReleaseSource {
  /** The release file as a person names it: the configured path, and the entry inside a zip or folder. */
  display: string;
  /** Names that may state the version, most specific first: the file's name, its folders, the zip's name. */
  names: string[];
}

export type ReleaseOutcome =
  | { ok: true; release: ReleaseData; read: ReleaseRead; warning: string | null }
  | { ok: false; message: string };

/**
 * A release file's bytes read for a classification: the codes, the version the
 * files state, and at most one message. Messages name the file and what was
 * expected; they never quote the file's content.
 */
export function readRelease(bytes: Uint8Array, classification: Classification, source: ReleaseSource, now: () => number = () => 0): ReleaseOutcome {
  const started = now();
  const name = CLASSIFICATION_NAMES[classification];
  const { text } = decodeRelease(bytes);
  const read = readReleaseText(text);
  const what = `the ${name} release file ${source.display}`;
  const notLoaded = `${what} was not loaded (the bundled ${name} table stays in force)`;
  if (read.error === NOT_TEXT) return { ok: false, message: cannotRead(classification, source.display, NOT_TEXT) };
  if (read.error) return { ok: false, message: `${notLoaded}: ${read.error}` };
  const named = classificationFromName(source.names[0] ?? '');
  const states = read.states ?? named;
  if (states && states !== classification) {
    const other = CLASSIFICATION_NAMES[states];
    const how = read.states ? 'its content says so' : 'its name says so';
    return { ok: false, message: `${notLoaded}: it is an ${other} release (${how}), and "${classification}" expects an ${name} release: ${EXPECTED[read.format]}` };
  }
  const version = (read.version ? versionFromStated(read.version, classification) : null) ?? source.names.map((n) => versionFromName(n, classification)).find((v) => v !== null) ?? null;
  const release: ReleaseData = {
    name: `${version ?? name} release file ${source.display}`,
    entries: read.entries,
    version,
    file: source.display,
    format: read.formatLabel,
    fifthCharacter: read.fifthCharacter,
    loadMs: 0,
  };
  release.loadMs = Math.round((now() - started) * 10) / 10;
  const warning = read.unread
    ? `${what}: ${read.unread.count === 1 ? 'one line holds' : `${read.unread.count.toLocaleString('en-GB')} lines hold`} no readable code and title (${read.unread.count === 1 ? '' : 'the first is '}line ${read.unread.firstLine + 1}); its other ${read.entries.length.toLocaleString('en-GB')} codes are loaded. Expected ${EXPECTED[read.format]}`
    : null;
  return { ok: true, release, read, warning };
}

/** The message for a release file that cannot be read at all: what it is instead, and that the bundled table stays. */
export function cannotRead(classification: Classification, display: string, reason: string): string {
  const name = CLASSIFICATION_NAMES[classification];
  return `cannot read the ${name} release file ${display} (${reason}); the bundled ${name} table stays in force`;
}

export interface ReleaseProblem {
  line: number;
  message: string;
}

/**
 * The codes of a release file's text, as the first loader gave them: entries
 * (OPCS-4 category headings left out) and a problem per unreadable line.
 */
export function parseReleaseFile(text: string, classification: Classification): { entries: ReleaseEntry[]; problems: ReleaseProblem[] } {
  const read = readReleaseText(text);
  const entries = read.entries.filter((e) => !(classification === 'opcs4' && e.code.length === 3));
  const problems: ReleaseProblem[] = [];
  if (read.unread) problems.push({ line: read.unread.firstLine, message: `${read.unread.count} line(s) hold no readable code and title: expected ${EXPECTED[read.format]}` });
  else if (read.error && read.format !== 'txt') problems.push({ line: 0, message: read.error });
  return { entries, problems };
}

export { EXPECTED as RELEASE_EXPECTED, ANY_RELEASE };
