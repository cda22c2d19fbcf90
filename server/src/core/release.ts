// Official classification release files, read from their text: the format is
// told by the content, never by the file name (release/*.ts has the readers).
//   OPCS-4 Codes and Titles TXT: code without the dot, tab, title; no header.
//   ICD-10 Codes and Titles and Metadata TXT: a header row naming CODE, ALT_CODE, DESCRIPTION…
//   The XML twin of either: one element per code, with the same names inside it.
//   ClaML XML: <Class kind="category" code="…" usage="dagger|aster"> with a preferred rubric label.
// Pure: bytes or text in, codes out. Finding and unzipping the file is node/releases.ts.

import type { Classification, ReleaseData, ReleaseEntry } from './terminology';
import { CLASSIFICATION_NAMES, Terminology } from './terminology';
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

export type ReleaseOutcome = { ok: true; release: ReleaseData; read: ReleaseRead; warning: string | null } | { ok: false; message: string };

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
  const evidence = read.states ? null : contentEvidence(read.entries);
  const states = read.states ?? evidence?.classification ?? named;
  if (states && states !== classification) {
    const other = CLASSIFICATION_NAMES[states];
    const how = read.states ? 'its content says so' : evidence ? evidence.why : 'its name says so';
    return {
      ok: false,
      message: `${notLoaded}: it is an ${other} release (${how}), and "${classification}" expects ${EXPECTED_FOR[classification]}. Is it meant for "${states}"?`,
    };
  }
  const version =
    (read.version ? versionFromStated(read.version, classification) : null) ??
    source.names.map((n) => versionFromName(n, classification)).find((v) => v !== null) ??
    null;
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
    ? `${what}: ${read.unread.count === 1 ? 'one line holds' : `${read.unread.count.toLocaleString('en-GB')} lines hold`} no readable code and title (${read.unread.count === 1 ? '' : 'the first is '}line ${read.unread.firstLine + 1}); the other ${read.entries.length.toLocaleString('en-GB')} lines (codes and category headings) are loaded. Expected ${EXPECTED[read.format]}`
    : null;
  return { ok: true, release, read, warning };
}

/** What a configuration's `opcs4` or `icd10` entry expects, for the message when it names the other's release. */
const EXPECTED_FOR: Record<Classification, string> = {
  opcs4: 'an OPCS-4 release: the Codes and Titles file (a code without its dot, a tab and its title on each line) or its XML twin',
  icd10: 'an ICD-10 release: the Codes and Titles and Metadata file (a header row naming CODE and DESCRIPTION), its XML twin, or ClaML XML',
};

/** The bundled tables, to recognise a release by codes whose titles they know. */
let bundled: Terminology | null = null;

/**
 * Which classification a release's codes belong to, where they show it: codes marked
 * dagger or asterisk (only ICD-10 has them), or more of the codes the bundled tables
 * know with their titles in one classification than in the other (OPCS-4 and ICD-10
 * share code shapes, J12.8 being one of each, so the titles decide). Null when the
 * codes do not tell (a release of codes the bundled tables do not hold).
 */
export function contentEvidence(entries: readonly ReleaseEntry[]): { classification: Classification; why: string } | null {
  const marked = entries.filter((e) => e.usage).length;
  if (marked)
    return {
      classification: 'icd10',
      why: `${marked === 1 ? 'one code is' : `${marked.toLocaleString('en-GB')} codes are`} marked dagger or asterisk, as only ICD-10 marks them`,
    };
  bundled ??= new Terminology();
  const terms = bundled;
  const agree = { opcs4: 0, icd10: 0 };
  for (const e of entries) {
    for (const cls of ['opcs4', 'icd10'] as const) {
      const info = terms.lookup(cls, e.code);
      if (info && (terms.titleMatches(info, e.title) || sameStart(info.title, e.title))) agree[cls]++;
    }
  }
  const [best, other] = agree.opcs4 > agree.icd10 ? (['opcs4', 'icd10'] as const) : (['icd10', 'opcs4'] as const);
  if (agree[best] === 0 || agree[best] === agree[other]) return null;
  const n = agree[best];
  return {
    classification: best,
    why: `${n === 1 ? 'one of its codes has' : `${n.toLocaleString('en-GB')} of its codes have`} the ${CLASSIFICATION_NAMES[best]} title the bundled table gives`,
  };
}

/** Two titles that begin with the same words (a release may write a longer form of a title). */
function sameStart(a: string, b: string): boolean {
  const x = a.toLowerCase().replace(/\s+/g, ' ').trim();
  const y = b.toLowerCase().replace(/\s+/g, ' ').trim();
  const shorter = Math.min(x.length, y.length);
  return shorter >= 12 && x.slice(0, shorter) === y.slice(0, shorter);
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
  if (read.unread)
    problems.push({ line: read.unread.firstLine, message: `${read.unread.count} line(s) hold no readable code and title: expected ${EXPECTED[read.format]}` });
  else if (read.error && read.format !== 'txt') problems.push({ line: 0, message: read.error });
  return { entries, problems };
}

export { EXPECTED as RELEASE_EXPECTED, ANY_RELEASE };
