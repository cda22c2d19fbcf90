// `.codingnotesignore` files: read safely and bounded, and asked whether they leave a path out.

import { lstatSync, realpathSync } from 'node:fs';
import { isAbsolute, join, relative, sep } from 'node:path';
import ignore from 'ignore';
import type { Ignore } from 'ignore';
import { DEFAULT_LIMITS, readBounded } from './safe-read';

/** The ignore file: gitignore syntax, in a folder given or the working folder. */
export const IGNORE_FILE = '.codingnotesignore';

/** An ignore file's rules, for paths relative to its folder. */
export interface IgnoreRules {
  /** Real path of the folder the file is in. */
  folder: string;
  /** The ignore file itself. */
  path: string;
  rules: Ignore;
}

/**
 * The rules of the `.codingnotesignore` in a folder, null when there is none,
 * or a problem line when it cannot be read (a FIFO, a device, too large: it is
 * read as safely as a configuration file).
 */
export function ignoreRulesIn(folder: string): IgnoreRules | string | null {
  const path = join(folder, IGNORE_FILE);
  try {
    lstatSync(path);
  } catch {
    return null;
  }
  const read = readBounded(path, DEFAULT_LIMITS.config, 'config');
  if (!read.ok) return `cannot read ${path}: ${read.reason}`;
  const text = new TextDecoder('utf-8').decode(read.bytes);
  // Every path is tested against every pattern: a bound keeps a walk of many notes quick.
  let patterns = 0;
  for (const line of text.split(/\r?\n/)) if (line.trim() && !line.startsWith('#')) patterns++;
  if (patterns > MAX_IGNORE_PATTERNS)
    return `${path} holds ${patterns.toLocaleString('en-GB')} patterns; at most ${MAX_IGNORE_PATTERNS.toLocaleString('en-GB')} are read, so it is not used`;
  return { folder: realPath(folder), path, rules: ignore().add(text) };
}

/** How many patterns an ignore file may hold (a .gitignore rarely holds a hundred). */
export const MAX_IGNORE_PATTERNS = 1000;

/** Does an ignore file leave out this real path (a folder when `folder`)? Only for paths inside its folder. */
export function leftOut(all: readonly IgnoreRules[], real: string, folder: boolean): boolean {
  for (const r of all) {
    const rel = relative(r.folder, real);
    if (!rel || rel.startsWith('..') || isAbsolute(rel)) continue;
    const path = rel.split(sep).join('/') + (folder ? '/' : '');
    if (r.rules.ignores(path)) return true;
  }
  return false;
}

/** The real path, or the path as given when it cannot be resolved (gone meanwhile). */
export function realPath(path: string): string {
  try {
    return realpathSync(path);
  } catch {
    return path;
  }
}
