// Suppression comments: `# coding-notes-disable-next-line RULES -- reason`
// covers the next line that is not a comment (and a field's items; a blank line covers nothing); `# coding-notes-disable
// RULES` covers the rest of the note.
//
// A suppression is kept in the open: the engine can hand back what each
// directive switched off (with the directive's line and reason), report a rule
// id of a directive that switched nothing off, and, where the configuration
// asks for it, a directive that gives no reason.

import type { Directive, Note } from './parse';
import type { TextEdit } from './types';
import { range } from './types';
import type { RawFinding } from './rules/rule';

/** One rule id of one directive, and the lines it covers. */
export interface SuppressionSpan {
  rule: string;
  from: number;
  to: number;
  /** 0-based line of the directive comment. */
  line: number;
  directive: Directive;
  /** Index of the rule id in `directive.rules`. */
  entry: number;
  /** A finding was switched off by it. */
  used: boolean;
}

export interface Suppressions {
  /**
   * The directive that switches `rule` off at `line` (the nearest one above
   * when several do), or null. Every directive that covers it counts as used.
   */
  match(ruleId: string, line: number): SuppressionSpan | null;
  readonly spans: readonly SuppressionSpan[];
}

/** What `--no-inline-config` leaves: no directive switches anything off. */
export const NO_SUPPRESSIONS: Suppressions = { match: () => null, spans: [] };

export function suppressionsOf(note: Note, lines: readonly string[], knownRuleIds: ReadonlySet<string>): Suppressions {
  // Most notes have no directive: nothing to build.
  if (!note.comments.some((c) => c.directive)) return NO_SUPPRESSIONS;
  const spans: SuppressionSpan[] = [];
  // The line each comment line's directive would cover: the next line that is not a
  // comment, found from the bottom up so that a run of comments costs one pass.
  const targetOf = new Map<number, number>();
  for (let i = note.comments.length - 1; i >= 0; i--) {
    const line = note.comments[i].line;
    const next = line + 1;
    targetOf.set(line, next <= note.endLine && isComment(lines[next]) ? (targetOf.get(next) ?? next) : next);
  }
  const fieldAt = new Map(note.fields.map((f) => [f.line, f] as const));
  for (const c of note.comments) {
    const d = c.directive;
    if (!d) continue;
    let from = c.line;
    let to = note.endLine;
    if (d.kind === 'disable-next-line') {
      // A blank line there covers nothing.
      const target = targetOf.get(c.line) ?? c.line + 1;
      from = to = target;
      const field = fieldAt.get(target);
      if (field) to = field.lastLine;
    }
    d.rules.forEach((r, entry) => {
      if (knownRuleIds.has(r.id)) spans.push({ rule: r.id, from, to, line: c.line, directive: d, entry, used: false });
    });
  }
  if (!spans.length) return NO_SUPPRESSIONS;
  const byRule = new Map<string, RuleSpans>();
  for (const span of spans) {
    let r = byRule.get(span.rule);
    if (!r) byRule.set(span.rule, (r = new RuleSpans()));
    r.add(span);
  }
  for (const r of byRule.values()) r.seal();
  return {
    spans,
    match(rule, line) {
      return byRule.get(rule)?.match(line) ?? null;
    },
  };
}

/** Spans with the same lines, marked used together. */
interface Bucket {
  from: number;
  to: number;
  spans: SuppressionSpan[];
  /** The span whose directive is nearest above (the latest line). */
  best: SuppressionSpan;
  used: boolean;
}

/**
 * One rule's spans, indexed so that a match costs a binary search, however many
 * directives a note holds: the `disable-next-line` spans by their first line (with
 * the furthest end so far, for the rare overlaps), and the `disable` spans, which
 * all run to the end of the note, as a list in line order whose covering prefix
 * is marked used once.
 */
class RuleSpans {
  private readonly nextLine = new Map<string, Bucket>();
  private readonly rest = new Map<number, Bucket>();
  private lineBuckets: Bucket[] = [];
  private maxTo: number[] = [];
  private restBuckets: Bucket[] = [];
  private restMarked = 0;

  add(span: SuppressionSpan): void {
    const whole = span.directive.kind === 'disable';
    const key = `${span.from}:${span.to}`;
    const bucket = whole ? this.rest.get(span.from) : this.nextLine.get(key);
    if (bucket) {
      bucket.spans.push(span);
      if (span.line > bucket.best.line) bucket.best = span;
      return;
    }
    const fresh: Bucket = { from: span.from, to: span.to, spans: [span], best: span, used: false };
    if (whole) this.rest.set(span.from, fresh);
    else this.nextLine.set(key, fresh);
  }

  seal(): void {
    this.lineBuckets = [...this.nextLine.values()].sort((a, b) => a.from - b.from || a.to - b.to);
    let max = -1;
    this.maxTo = this.lineBuckets.map((b) => (max = Math.max(max, b.to)));
    this.restBuckets = [...this.rest.values()].sort((a, b) => a.from - b.from);
  }

  match(line: number): SuppressionSpan | null {
    let best: SuppressionSpan | null = null;
    const take = (b: Bucket) => {
      if (!b.used) {
        b.used = true;
        for (const s of b.spans) s.used = true;
      }
      if (!best || b.best.line > best.line) best = b.best;
    };
    for (let i = lastAtOrBefore(this.lineBuckets, line); i >= 0 && this.maxTo[i] >= line; i--) {
      if (this.lineBuckets[i].to >= line) take(this.lineBuckets[i]);
    }
    const k = lastAtOrBefore(this.restBuckets, line) + 1;
    for (; this.restMarked < k; this.restMarked++) take(this.restBuckets[this.restMarked]);
    if (k > 0) take(this.restBuckets[k - 1]);
    return best;
  }
}

/** The index of the last bucket starting at or before `line` (-1 when none does). */
function lastAtOrBefore(buckets: readonly Bucket[], line: number): number {
  let lo = 0;
  let hi = buckets.length - 1;
  let found = -1;
  while (lo <= hi) {
    const mid = (lo + hi) >> 1;
    if (buckets[mid].from <= line) {
      found = mid;
      lo = mid + 1;
    } else hi = mid - 1;
  }
  return found;
}

function isComment(line: string | undefined): boolean {
  return line !== undefined && line.trim().startsWith('#');
}

/** Each directive of the note that names rules but gives no reason (` -- reason`). */
export function directivesWithoutReason(note: Note): RawFinding[] {
  const out: RawFinding[] = [];
  for (const c of note.comments) {
    const d = c.directive;
    if (!d || !d.rules.length || (d.reason ?? '').trim()) continue;
    out.push({
      range: d.range,
      message: `This \`coding-notes-${d.kind}\` gives no reason, and the configuration asks for one (\`requireSuppressionReason\`): add it after \` -- \`, e.g. \`# coding-notes-${d.kind} ${d.rules[0].id} -- agreed at audit 2026-11\`.`,
      fixes: [],
    });
  }
  return out;
}

/** Each rule id of a directive that switched nothing off, once every finding of the note has been matched. */
export function unusedSuppressions(suppressions: Suppressions): RawFinding[] {
  return suppressions.spans
    .filter((s) => !s.used)
    .map((s) => ({
      range: s.directive.rules[s.entry].range,
      message:
        s.directive.kind === 'disable-next-line'
          ? `\`${s.rule}\` reports nothing on the line this \`coding-notes-disable-next-line\` covers: the suppression is not needed.`
          : `\`${s.rule}\` reports nothing in the rest of the note that this \`coding-notes-disable\` covers: the suppression is not needed.`,
      fixes: [],
    }));
}

/** The edit of the quick fix "Disable RULE for this line": a directive above the line, indented like it. */
export function disableLineEdit(lines: readonly string[], eol: string, line: number, ruleId: string): TextEdit {
  const text = lines[line] ?? '';
  const indent = text.slice(0, text.length - text.replace(/^\uFEFF/, '').trimStart().length).replace(/^\uFEFF/, '');
  const at = line === 0 && text.charCodeAt(0) === 0xfeff ? 1 : 0;
  return { range: range(line, at, line, at), newText: `${indent}# coding-notes-disable-next-line ${ruleId}${eol}` };
}
