// The fix-all request between the VS Code client and the server, and the
// sentence that tells the coder what it did. Shared by both sides: this module
// imports nothing at run time but the core's fix kinds, so the client bundles it
// without the server.

import type { FixKind } from '../core/types';
import { FIX_KINDS } from '../core/types';

/**
 * `codingNotes/fixAll`: the fix-all of one open note with what it did. The
 * edits are those of the `source.fixAll.coding-notes` code action (the same
 * kinds, from `codingNotes.fixAll.kinds`), for the document version answered.
 */
export const FIX_ALL_REQUEST = 'codingNotes/fixAll';

export interface FixAllParams {
  textDocument: { uri: string };
}

export interface FixAllSummary {
  /** The kinds fix-all applied (`codingNotes.fixAll.kinds`). */
  kinds: FixKind[];
  /** How many fixes it applied, per kind (over every pass). */
  applied: Record<FixKind, number>;
  /** Preferred fixes left in the fixed note because their kind is not in `kinds`: a click applies each. */
  waiting: Record<FixKind, number>;
}

export interface FixAllResult {
  /** The document version the edits are for. */
  version: number;
  /** LSP text edits that turn that version into the fixed note (none when nothing applies). */
  edits: { range: { start: { line: number; character: number }; end: { line: number; character: number } }; newText: string }[];
  summary: FixAllSummary;
}

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
  const left = kinds.length === 1 ? `${waiting} ${kinds[0]} ${noun} ${verb} for a click` : `${waiting} ${noun} ${verb} for a click (${perKind(summary.waiting)})`;
  return `Coding Notes: ${done}; ${left}`;
}
