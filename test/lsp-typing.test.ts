// A coder types a whole note into an empty document, one character per
// didChange, and the server publishes diagnostics for every version on the way.
// No intermediate state may mark the free text being typed (the value of
// Episode, Procedure, Diagnosis or Comment on the line being typed), and a code
// already complete and correct may never be reported `code/malformed` later
// (rules.md, "Where a diagnostic sits" and "One slip, one diagnostic").

import { test, describe, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { LspClient, LspDiagnostic } from './helpers/lsp-client';
import { COMPLETE_PERCUTANEOUS } from './helpers/notes';

const NOTE = COMPLETE_PERCUTANEOUS;

const FREE_TEXT = /^(Episode|Procedure|Diagnosis|Comment)[ \t]*:[ \t]*/;
const CODE_LIST = /^(?:OPCS-4|ICD-10)[ \t]*:/;
const CODE = /[A-Z]\d{2}\.\d/g;

type Pos = { line: number; character: number };
type Rng = { start: Pos; end: Pos };

interface State {
  version: number;
  text: string;
  diagnostics: LspDiagnostic[];
}

function before_(a: Pos, b: Pos): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Do the ranges share a character (a zero-width range strictly inside counts)? */
function overlaps(a: Rng, b: Rng): boolean {
  return before_(a.start, b.end) && before_(b.start, a.end);
}

function show(r: Rng): string {
  return `${r.start.line}:${r.start.character}-${r.end.line}:${r.end.character}`;
}

/** The state's text around a line, for a failure message: the line as typed so far. */
function lineOf(state: State, line: number): string {
  return JSON.stringify(state.text.split('\n')[line] ?? '');
}

/** A failure message that stays readable: the first few states in full, then a count. */
function report(failures: readonly string[], what: string): string {
  const shown = failures.slice(0, 24);
  const more = failures.length - shown.length;
  return `${failures.length} ${what}:\n${shown.join('\n')}${more ? `\n… and ${more} more` : ''}`;
}

describe('typing a note one character at a time over stdio', () => {
  let client: LspClient;
  const states: State[] = [];
  const uri = 'untitled:typed-note';

  before(async () => {
    client = new LspClient();
    await client.request('initialize', {
      processId: process.pid,
      rootUri: null,
      capabilities: { textDocument: { publishDiagnostics: { versionSupport: true } } },
      // Check every keystroke at once: the test waits for each version's diagnostics anyway.
      initializationOptions: { debounceMs: 0 },
    });
    client.notify('initialized', {});
    client.notify('textDocument/didOpen', { textDocument: { uri, languageId: 'coding-note', version: 1, text: '' } });
    const first = await client.diagnostics(uri, (p) => p.version === 1);
    states.push({ version: 1, text: '', diagnostics: first.diagnostics });

    let text = '';
    let position: Pos = { line: 0, character: 0 };
    let version = 1;
    for (const ch of NOTE) {
      version++;
      const since = client.mark;
      client.notify('textDocument/didChange', {
        textDocument: { uri, version },
        contentChanges: [{ range: { start: position, end: position }, text: ch }],
      });
      text += ch;
      position = ch === '\n' ? { line: position.line + 1, character: 0 } : { line: position.line, character: position.character + 1 };
      const published = await client.diagnostics(uri, (p) => p.version === version, since);
      states.push({ version, text, diagnostics: published.diagnostics });
    }
  });

  after(async () => {
    await client.shutdown().catch(() => undefined);
    client.kill();
  });

  test('every version was checked, and the finished note has no diagnostic', () => {
    assert.equal(states.length, NOTE.length + 1);
    const last = states.at(-1)!;
    assert.equal(last.text, NOTE);
    assert.deepEqual(
      last.diagnostics.map((d) => `${d.code} ${show(d.range)}`),
      [],
    );
  });

  test('no diagnostic ever covers the free text being typed', () => {
    const failures: string[] = [];
    for (const state of states) {
      const lines = state.text.split('\n');
      const line = lines.length - 1; // the line being typed: text is only ever added at the end
      const m = FREE_TEXT.exec(lines[line]);
      if (!m || m[0].length === lines[line].length) continue;
      const value: Rng = { start: { line, character: m[0].length }, end: { line, character: lines[line].length } };
      for (const d of state.diagnostics) {
        if (overlaps(d.range, value)) {
          failures.push(
            `v${state.version} line ${line} ${lineOf(state, line)}: ${d.code} at ${show(d.range)} covers the ${m[1]} value ${show(value)} ("${d.message}")`,
          );
        }
      }
    }
    assert.ok(!failures.length, report(failures, 'diagnostics mark free text being typed'));
  });

  test('a code once complete and correct is never reported code/malformed afterwards', () => {
    const failures: string[] = [];
    /** Complete codes by position, with the version at which each was complete. */
    const complete = new Map<string, { code: string; range: Rng; since: number }>();
    for (const state of states) {
      const lines = state.text.split('\n');
      lines.forEach((text, line) => {
        if (!CODE_LIST.test(text)) return;
        for (const m of text.matchAll(CODE)) {
          const end = m.index! + m[0].length;
          // Complete once something ends it: a comma, a space, or the end of a finished line.
          const ended = end < text.length ? /[, ]/.test(text[end]) : line < lines.length - 1;
          const key = `${line}:${m.index}`;
          if (ended && !complete.has(key)) {
            complete.set(key, { code: m[0], range: { start: { line, character: m.index! }, end: { line, character: end } }, since: state.version });
          }
        }
      });
      for (const d of state.diagnostics) {
        if (d.code !== 'code/malformed') continue;
        for (const c of complete.values()) {
          if (overlaps(d.range, c.range)) {
            failures.push(
              `v${state.version} line ${c.range.start.line} ${lineOf(state, c.range.start.line)}: code/malformed at ${show(d.range)} on ${c.code} ` +
                `(complete since v${c.since}) ("${d.message}")`,
            );
          }
        }
      }
    }
    assert.ok(complete.size >= 4, `J12.8, Y13.2, Y53.2 and C78.7 were complete at some point (${[...complete.values()].map((c) => c.code).join(', ')})`);
    assert.ok(!failures.length, report(failures, 'diagnostics report a complete code as malformed'));
  });
});
