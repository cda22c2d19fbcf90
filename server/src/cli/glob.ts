// Glob patterns on the command line (`'notes/**/*.codingnote'`, quoted so that
// the shell leaves it to us, as Windows shells always do): read with picomatch,
// the matcher that tinyglobby and fast-glob use. The search itself is walk.ts's,
// from the pattern's fixed part, so a pattern follows no link out of that
// folder and never enters /proc, /sys or /dev, exactly as a folder given does.

import { sep } from 'node:path';
import picomatch from 'picomatch';
import type { GlobPattern } from '../node/walk';

/** A path that does not exist, read as a glob pattern; null when it has no glob syntax (`*`, `?`, `[…]`, `{…}`). */
export function globPattern(given: string): GlobPattern | null {
  const text = sep === '\\' ? given.replace(/\\/g, '/') : given;
  const scan = picomatch.scan(text);
  if (!scan.isGlob) return null;
  const isMatch = picomatch(scan.glob, { dot: false });
  return {
    base: scan.base,
    matches: (inside) => isMatch(inside),
    // Without `**`, a pattern matches at one depth only: no need to search deeper.
    maxDepth: scan.glob.includes('**') ? Infinity : scan.glob.split('/').length - 1,
  };
}
