// Finding and reading the official release a `.codingnotes.json` names under
// `classifications`: a file, the release's folder, or the release's .zip as
// downloaded (read in place with fflate; nothing is unpacked to disk). A zip is
// told by its content (the bytes `PK\x03\x04`), not by its name. In a folder or
// zip, the codes file is chosen by the names the NHS gives its files
// (`…CodesAndTitles…`, under `Content/`), then by which one reads as a release.
// Every file is read through `readReleaseBytes`, the one place that touches it.

import { lstatSync, readdirSync, statSync } from 'node:fs';
import { join, relative, resolve, sep } from 'node:path';
import { Unzip, UnzipInflate, unzipSync } from 'fflate';
import type { UnzipFileInfo } from 'fflate';
import type { Classification, ReleaseData } from '../core/terminology';
import { CLASSIFICATION_NAMES } from '../core/terminology';
import { cannotRead, readRelease, ANY_RELEASE } from '../core/release';
import type { ReleaseOutcome } from '../core/release';
import { DEFAULT_LIMITS, formatSize, readBounded } from './safe-read';

/** Largest file a release may hold, unzipped (a whole classification with titles is a few MB). */
const LIMIT = DEFAULT_LIMITS.release;
/** How many candidate files of a folder or zip are tried before giving up. */
const MAX_TRIES = 6;
/** How deep a release folder is searched, and how many entries at most. */
const MAX_DEPTH = 4;
const MAX_ENTRIES = 5000;

export interface ReleaseProblem {
  classification: Classification;
  message: string;
  /** `partial`: loaded, with lines it could not read; `failed`: not loaded, the bundled table stays. */
  outcome: 'partial' | 'failed';
}

export interface LoadedReleases {
  releases: Partial<Record<Classification, ReleaseData>>;
  problems: ReleaseProblem[];
}

/**
 * Loads the releases a configuration names (paths relative to `base`). A
 * release that cannot be read gives one problem and is left out, so the bundled
 * table stays in force for its classification; a release read with some
 * unreadable lines is loaded and gives one problem too.
 */
export function loadReleases(classifications: { opcs4?: string; icd10?: string }, base: string): LoadedReleases {
  const out: LoadedReleases = { releases: {}, problems: [] };
  for (const cls of ['opcs4', 'icd10'] as const) {
    const written = classifications[cls];
    if (!written) continue;
    const outcome = loadRelease(resolve(base, written), cls, written);
    if (outcome.ok) {
      out.releases[cls] = outcome.release;
      if (outcome.warning) out.problems.push({ classification: cls, message: outcome.warning, outcome: 'partial' });
    } else out.problems.push({ classification: cls, message: outcome.message, outcome: 'failed' });
  }
  return out;
}

/** Loaded releases by path and classification, kept while the file (or folder) is unchanged. */
const cache = new Map<string, { stamp: string; outcome: ReleaseOutcome }>();

/** One release: `path` is a file, a folder or a zip; `written` is how the configuration names it. */
export function loadRelease(path: string, classification: Classification, written: string = path): ReleaseOutcome {
  const key = `${classification}\0${path}`;
  const stamp = stampOf(path);
  const cached = cache.get(key);
  if (stamp && cached && cached.stamp === stamp) return cached.outcome;
  const started = performance.now();
  const outcome = load(path, classification, written);
  if (outcome.ok) outcome.release.loadMs = Math.round((performance.now() - started) * 10) / 10;
  if (stamp) cache.set(key, { stamp, outcome });
  return outcome;
}

function load(path: string, cls: Classification, written: string): ReleaseOutcome {
  const name = CLASSIFICATION_NAMES[cls];
  const fail = (what: string): ReleaseOutcome => ({
    ok: false,
    message: `the ${name} release file ${written} was not loaded (the bundled ${name} table stays in force): ${what}`,
  });
  let isFolder = false;
  try {
    isFolder = statSync(path).isDirectory();
  } catch {
    // readReleaseBytes says what is wrong.
  }
  if (isFolder) return loadFolder(path, cls, written, fail);
  const read = readReleaseBytes(path);
  if (!read.ok) return { ok: false, message: cannotRead(cls, written, read.reason) };
  if (isZip(read.bytes)) return loadZip(read.bytes, cls, written, path, fail);
  return readRelease(read.bytes, cls, { display: written, names: namesOf(path) });
}

// ---- Folders ---------------------------------------------------------------

function loadFolder(folder: string, cls: Classification, written: string, fail: (what: string) => ReleaseOutcome): ReleaseOutcome {
  const files: string[] = [];
  // Every name looked at counts, folders too, and links are not followed: a release
  // as unzipped has none, and a folder of links to itself would otherwise be searched
  // without end (each level multiplying the last).
  let seen = 0;
  const walk = (dir: string, depth: number) => {
    let names: string[];
    try {
      names = readdirSync(dir).sort();
    } catch {
      return;
    }
    for (const n of names) {
      if (++seen > MAX_ENTRIES) return;
      if (n.startsWith('.')) continue;
      const p = join(dir, n);
      let st;
      try {
        st = lstatSync(p);
      } catch {
        continue;
      }
      if (st.isDirectory()) {
        if (depth < MAX_DEPTH) walk(p, depth + 1);
      } else if (st.isFile()) files.push(relative(folder, p).split(sep).join('/'));
    }
  };
  walk(folder, 0);
  // The folder of an unzipped release, or the folder a release was downloaded to: the
  // files named as release files first, then the zips (this classification's by name
  // first, so a folder holding both releases' zips serves both), then other text files.
  const texts = rank(files, cls);
  const named = texts.filter((f) => score(f, cls) > 0);
  const zips = rankZips(files, cls);
  const attempts = [
    ...named.map((f) => ({ f, zip: false })),
    ...zips.map((f) => ({ f, zip: true })),
    ...texts.filter((f) => !named.includes(f)).map((f) => ({ f, zip: false })),
  ];
  if (!attempts.length)
    return fail(
      `the folder holds no release file (looked for .txt and .xml files, such as Content/…CodesAndTitles….txt, and .zip files): expected ${ANY_RELEASE}`,
    );
  let first: ReleaseOutcome | null = null;
  for (const { f: entry, zip } of attempts.slice(0, MAX_TRIES)) {
    const file = join(folder, entry);
    const read = readReleaseBytes(file);
    const display = `${written} (${entry})`;
    let outcome: ReleaseOutcome;
    if (!read.ok) outcome = { ok: false, message: cannotRead(cls, display, read.reason) };
    else if (zip)
      outcome = isZip(read.bytes) ? loadZip(read.bytes, cls, `${written}/${entry}`, file, fail) : fail(`${entry} is named .zip but is not a zip archive`);
    else outcome = readRelease(read.bytes, cls, { display, names: [...namesOf(entry), ...namesOf(folder)] });
    if (outcome.ok) return outcome;
    first ??= outcome;
  }
  return first!;
}

/** The zips of a folder, this classification's first (by the names the NHS gives them: `nhs_opcs4df_…`, `nhs_icd10_…`). */
function rankZips(files: readonly string[], cls: Classification): string[] {
  const other = cls === 'opcs4' ? /ICD[\s_-]?10/i : /OPCS/i;
  const own = cls === 'opcs4' ? /OPCS/i : /ICD[\s_-]?10/i;
  const s = (f: string) => (own.test(f) ? 1 : 0) - (other.test(f) ? 1 : 0);
  return files.filter((f) => /\.zip$/i.test(f)).sort((a, b) => s(b) - s(a) || (a < b ? -1 : 1));
}

// ---- Zips ------------------------------------------------------------------

function isZip(bytes: Uint8Array): boolean {
  return bytes.length >= 4 && bytes[0] === 0x50 && bytes[1] === 0x4b && ((bytes[2] === 3 && bytes[3] === 4) || (bytes[2] === 5 && bytes[3] === 6));
}

function loadZip(bytes: Uint8Array, cls: Classification, written: string, path: string, fail: (what: string) => ReleaseOutcome): ReleaseOutcome {
  const damaged = () =>
    fail(
      `it is not a readable .zip archive (it may be cut short or damaged; download it again): expected a release .zip as downloaded, holding ${ANY_RELEASE}`,
    );
  const entries: UnzipFileInfo[] = [];
  try {
    unzipSync(bytes, {
      filter: (f) => {
        entries.push(f);
        return false;
      },
    });
  } catch {
    return damaged();
  }
  const byName = new Map(entries.map((e) => [e.name, e] as [string, UnzipFileInfo]));
  // A name listed twice (several directory entries over the same data, say) is not how a release is zipped.
  if (byName.size !== entries.length) return damaged();
  const candidates = rank(
    entries.filter((e) => !e.name.endsWith('/')).map((e) => e.name),
    cls,
  );
  if (!candidates.length)
    return fail(`the .zip holds no release file (looked for .txt and .xml files, such as Content/…CodesAndTitles….txt): expected ${ANY_RELEASE}`);
  let first: ReleaseOutcome | null = null;
  for (const entry of candidates.slice(0, MAX_TRIES)) {
    const info = byName.get(entry)!;
    const display = `${written} (${entry})`;
    let outcome: ReleaseOutcome;
    if (info.originalSize > LIMIT) {
      outcome = fail(`${entry} inside it is ${formatSize(info.originalSize)} unzipped, over the limit of ${formatSize(LIMIT)} for a release file`);
    } else {
      const data = inflateEntry(bytes, entry, info.originalSize);
      if (data === 'too-big') {
        outcome = fail(`${entry} inside it unzips to more than the ${formatSize(info.originalSize)} it declares (a damaged or crafted archive)`);
      } else {
        if (data === 'damaged') return damaged();
        outcome = readRelease(data, cls, { display, names: [...namesOf(entry), ...namesOf(path)] });
      }
    }
    if (outcome.ok) return outcome;
    first ??= outcome;
  }
  return first!;
}

/** How much of the archive is handed to the inflater at a time: what one step can produce is bounded by it. */
const ZIP_STEP = 16 * 1024;

/**
 * One entry of a zip, inflated as a stream that stops as soon as it produces more
 * than the entry declares (never more than the release limit): an archive that
 * declares a small file but holds gigabytes costs one step past the size, not the
 * whole stream. Only the first entry of that name is read.
 */
function inflateEntry(bytes: Uint8Array, name: string, declared: number): Uint8Array | 'too-big' | 'damaged' {
  const limit = Math.min(declared, LIMIT);
  const chunks: Uint8Array[] = [];
  let size = 0;
  let state: 'looking' | 'reading' | 'done' | 'too-big' | 'damaged' = 'looking';
  const unzip = new Unzip((file) => {
    if (state !== 'looking' || file.name !== name) return; // not started: skipped
    state = 'reading';
    file.ondata = (err, chunk, final) => {
      if (state !== 'reading') return;
      if (err) {
        state = 'damaged';
        return;
      }
      size += chunk.length;
      if (size > limit) {
        state = 'too-big';
        file.terminate();
        return;
      }
      chunks.push(chunk);
      if (final) state = 'done';
    };
    file.start();
  });
  unzip.register(UnzipInflate);
  try {
    for (let at = 0; at < bytes.length && (state === 'looking' || state === 'reading'); at += ZIP_STEP) {
      unzip.push(bytes.subarray(at, at + ZIP_STEP), at + ZIP_STEP >= bytes.length);
    }
  } catch {
    return 'damaged';
  }
  // Set by the callbacks, which TypeScript's narrowing does not see.
  const ended = state as 'looking' | 'reading' | 'done' | 'too-big' | 'damaged';
  if (ended === 'too-big') return 'too-big';
  if (ended !== 'done') return 'damaged';
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

// ---- Choosing the codes file -----------------------------------------------

/**
 * The files of a release that may hold its codes, most likely first: .txt, .tsv
 * and .xml files, `…CodesAndTitles…` first, then those under `Content/`;
 * specifications, schemas and tables of coding equivalences last.
 */
export function rank(files: readonly string[], cls: Classification): string[] {
  return files
    .filter((f) => /\.(?:txt|tsv|xml|claml)$/i.test(f))
    .map((f) => ({ f, s: score(f, cls) }))
    .sort((a, b) => b.s - a.s || (a.f < b.f ? -1 : 1))
    .map((x) => x.f);
}

/** How likely a file of a release is to hold its codes: above 0 for names the NHS gives a codes file. */
function score(f: string, cls: Classification): number {
  const base = f.split('/').pop()!;
  let s = 0;
  if (/codes?[\s_-]*(?:and|&)?[\s_-]*titles?/i.test(base)) s += 10;
  if (/(?:^|\/)content\//i.test(f)) s += 3;
  const other = cls === 'opcs4' ? /ICD[\s_-]?10/i : /OPCS/i;
  if (other.test(base)) s -= 8;
  if (/equivalen|schema|specification|summary|changes|readme|licen[cs]e|release[\s_-]?notes|xsd/i.test(base)) s -= 6;
  if (/\.txt$|\.tsv$/i.test(base)) s += 1;
  return s;
}

/** The names along a path that may state a version: the file's own name first, then its folders. */
function namesOf(path: string): string[] {
  const parts = path.split(/[\\/]/).filter(Boolean);
  return parts.reverse();
}

// ---- Reading ---------------------------------------------------------------

/** The one place a release file's bytes are read: a regular file, at most the release size limit (node/safe-read.ts). */
export function readReleaseBytes(path: string): { ok: true; bytes: Uint8Array } | { ok: false; reason: string } {
  return readBounded(path, LIMIT, 'release');
}

/** A stamp that changes when the file or folder changes; null when it cannot be read. */
function stampOf(path: string): string | null {
  try {
    const s = statSync(path);
    // A folder's stamp does not change when a file in it is rewritten: folders are read afresh.
    return s.isFile() ? `${s.mtimeMs}:${s.size}:${s.ino}` : null;
  } catch {
    return null;
  }
}

/** For tests and the benchmark: forget the loaded releases. */
export function clearReleaseCache(): void {
  cache.clear();
}
