// Moving a note's check result to the note's new lines: ranges by shifting,
// line numbers inside messages by interpolating between the results at two
// neighbouring lines (see incremental.ts for when each is exact).

import type { Finding } from './types';

/** A copy with every position ({ line, character }) moved down by d lines. */
export function shiftPositions<T>(value: T, d: number): T {
  if (d === 0) return value;
  return shift(value, d) as T;
}

function shift(value: unknown, d: number): unknown {
  if (Array.isArray(value)) return value.map((v) => shift(v, d));
  if (value === null || typeof value !== 'object') return value;
  const o = value as Record<string, unknown>;
  const out: Record<string, unknown> = {};
  const isPosition = typeof o.line === 'number' && typeof o.character === 'number';
  for (const key of Object.keys(o)) out[key] = isPosition && key === 'line' ? (o.line as number) + d : shift(o[key], d);
  return out;
}

/** Does any string of the result hold a number in [from, to] (1-based line numbers of the note's lines)? */
export function mentionsLineBetween(result: { findings: Finding[] }, from: number, to: number): boolean {
  let found = false;
  const visit = (v: unknown): void => {
    if (found) return;
    if (typeof v === 'string') {
      const re = /\d+/g;
      let m: RegExpExecArray | null;
      while ((m = re.exec(v))) {
        const n = Number(m[0]);
        if (n >= from && n <= to + 1) {
          found = true;
          return;
        }
      }
    } else if (Array.isArray(v)) v.forEach(visit);
    else if (v && typeof v === 'object') for (const x of Object.values(v)) visit(x);
  };
  visit(result.findings);
  return found;
}

/**
 * From the results of one note checked at line L and at line L + 1, the
 * result at line L + d: numbers (and numbers inside strings) that differ by
 * one move by d, equal ones stay. Null when the two differ in any other way.
 */
export function interpolate<T>(at: T, next: T, d: number): T | null {
  try {
    return lerp(at, next, d) as T;
  } catch {
    return null;
  }
}

function lerp(a: unknown, b: unknown, d: number): unknown {
  if (typeof a === 'number' && typeof b === 'number') {
    if (a === b) return a;
    if (b - a === 1) return a + d;
    throw new Error('differs');
  }
  if (typeof a === 'string' && typeof b === 'string') {
    if (a === b) return a;
    const pa = a.split(/(\d+)/);
    const pb = b.split(/(\d+)/);
    if (pa.length !== pb.length) throw new Error('differs');
    return pa.map((p, i) => (p === pb[i] ? p : i % 2 ? String(lerp(Number(p), Number(pb[i]), d)) : fail())).join('');
  }
  if (Array.isArray(a) && Array.isArray(b)) {
    if (a.length !== b.length) throw new Error('differs');
    return a.map((x, i) => lerp(x, b[i], d));
  }
  if (a && b && typeof a === 'object' && typeof b === 'object') {
    const ka = Object.keys(a);
    if (ka.length !== Object.keys(b).length) throw new Error('differs');
    const out: Record<string, unknown> = {};
    for (const k of ka) {
      if (!(k in b)) throw new Error('differs');
      out[k] = lerp((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k], d);
    }
    return out;
  }
  if (a === b) return a;
  throw new Error('differs');
}

function fail(): never {
  throw new Error('differs');
}
