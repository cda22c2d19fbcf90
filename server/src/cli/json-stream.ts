// JSON written a piece at a time, byte for byte as `JSON.stringify(value, null, 2)`
// would write it whole: a report over 100,000 notes is never one string (V8
// refuses strings of more than about 512 MB, and memory would grow with the
// run). The document's opening and closing come from JSON.stringify itself
// (`documentAround`), so the layout cannot drift from the one-string form.

/** Where the pieces go, in order. */
export type Emit = (piece: string) => void;

/** Two spaces per level, as `JSON.stringify(value, null, 2)`. */
export const INDENT = '  ';

/** `JSON.stringify(value, null, 2)` as it reads nested `depth` levels deep (every line after the first indented). */
export function stringifyAt(value: unknown, depth: number): string {
  const text = JSON.stringify(value, null, 2);
  return depth === 0 || !text.includes('\n') ? text : text.replace(/\n/g, '\n' + INDENT.repeat(depth));
}

/**
 * Emits `value` as `stringifyAt(value, depth)` would write it, in pieces: the
 * arrays and objects of the first `split` levels are opened, emitted element by
 * element and closed, and what lies deeper is one piece each. For plain data
 * (objects, arrays, strings, finite numbers, booleans, null; undefined members
 * left out, as JSON.stringify does), which is all a report holds.
 */
export function emitJson(value: unknown, depth: number, split: number, emit: Emit): void {
  if (split <= 0 || value === null || typeof value !== 'object') {
    emit(stringifyAt(value, depth));
    return;
  }
  const inner = '\n' + INDENT.repeat(depth + 1);
  if (Array.isArray(value)) {
    if (!value.length) {
      emit('[]');
      return;
    }
    emit('[');
    value.forEach((item, i) => {
      emit(i ? ',' + inner : inner);
      // As JSON.stringify: an array member that JSON cannot hold is null.
      emitJson(item === undefined || typeof item === 'function' || typeof item === 'symbol' ? null : item, depth + 1, split - 1, emit);
    });
    emit('\n' + INDENT.repeat(depth) + ']');
    return;
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(([, v]) => v !== undefined && typeof v !== 'function' && typeof v !== 'symbol');
  if (!entries.length) {
    emit('{}');
    return;
  }
  emit('{');
  entries.forEach(([key, v], i) => {
    emit((i ? ',' : '') + inner + JSON.stringify(key) + ': ');
    emitJson(v, depth + 1, split - 1, emit);
  });
  emit('\n' + INDENT.repeat(depth) + '}');
}

/**
 * A document whose one array (`key`, the last of its object) is written in
 * pieces between the two parts this returns: `JSON.stringify(document, null, 2)`
 * with that array empty, cut where it stands. `document[key]` must be `[]`.
 * The array's members then go at `depth` (the array's own nesting depth plus one).
 */
export function documentAround(document: unknown, key: string): { opening: string; closing: string } {
  const text = JSON.stringify(document, null, 2);
  // Inside a JSON string every quote is escaped, so `"key": []` can only be the member itself.
  const marker = `${JSON.stringify(key)}: []`;
  const at = text.lastIndexOf(marker);
  if (at < 0) throw new Error(`the document has no empty "${key}" array`);
  const cut = at + marker.length - 1;
  return { opening: text.slice(0, cut), closing: text.slice(cut) };
}

/**
 * The members of an array written between the `opening` and `closing` of
 * `documentAround`, a part at a time (a part holds any number of members,
 * joined by `,` and a line break): `[` ends the opening and `]` begins the
 * closing, so each part goes after `\n` (or `,\n`) and the members' indentation,
 * and the array's end after `\n` and one level less. An array that got no
 * member stays `[]`.
 */
export class ArrayWriter {
  private count = 0;
  constructor(private readonly depth: number) {}

  /** What goes before a part of `members` members ('' for none). */
  before(members: number): string {
    if (!members) return '';
    const separator = (this.count ? ',\n' : '\n') + INDENT.repeat(this.depth);
    this.count += members;
    return separator;
  }

  /** What goes after the last member, before the closing. */
  end(): string {
    return this.count ? '\n' + INDENT.repeat(this.depth - 1) : '';
  }
}
