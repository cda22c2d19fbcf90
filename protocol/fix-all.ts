// What fix-all did, as the sentence the client's status bar shows, and the
// empty counts the server starts from. The request itself (`codingNotes/fixAll`,
// its params and result) is in ./protocol.ts.

import type { FixKind } from '../server/src/core/types';
import { FIX_KINDS } from '../server/src/core/types';
import type { FixAllSummary } from './protocol';

export function noFixes(): Record<FixKind, number> {
  return { reading: 0, layout: 0, insert: 0, change: 0 };
}

function total(counts: Record<FixKind, number>): number {
  return FIX_KINDS.reduce((n, k) => n + counts[k], 0);
}

function perKind(counts: Record<FixKind, number>): string {
  return FIX_KINDS.filter((k) => counts[k] > 0)
    .map((k) => `${counts[k]} ${k}`)
    .join(', ');
}

/**
 * What fix-all did, for the status bar: "Coding Notes: applied 3 fixes
 * (2 reading, 1 insert); 1 change fix waits for a click".
 */
export function fixAllMessage(summary: FixAllSummary): string {
  const applied = total(summary.applied);
  const waiting = total(summary.waiting);
  const done = applied ? `applied ${applied} ${applied === 1 ? 'fix' : 'fixes'} (${perKind(summary.applied)})` : 'nothing to fix automatically';
  if (!waiting) return `Coding Notes: ${done}`;
  const kinds = FIX_KINDS.filter((k) => summary.waiting[k] > 0);
  const verb = waiting === 1 ? 'waits' : 'wait';
  const noun = waiting === 1 ? 'fix' : 'fixes';
  const left =
    kinds.length === 1 ? `${waiting} ${kinds[0]} ${noun} ${verb} for a click` : `${waiting} ${noun} ${verb} for a click (${perKind(summary.waiting)})`;
  return `Coding Notes: ${done}; ${left}`;
}
