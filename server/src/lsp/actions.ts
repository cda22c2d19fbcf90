// Code actions: a quick fix per fix of each of our diagnostics, "Disable RULE
// for this line", and the source action that applies every preferred fix of
// the kinds `codingNotes.fixAll.kinds` allows (rules.md, "What fix-all may change").

import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings } from '../core/engine';
import type { Finding, Fix, FixKind, Range } from '../core/types';
import { comparePositions, DEFAULT_FIX_KINDS } from '../core/types';
import { splitLines } from '../core/text';
import { disableLineEdit } from '../core/suppress';
import { isOurs, NOT_CHECKED_FAMILY } from './diagnostics';
import { diffTexts } from './diff';
import { NoteDocument, noteIn, shiftRange } from './line-document';
import type { FixAllResult } from '../../../protocol/protocol';
import { noFixes } from '../../../protocol/fix-all';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.coding-notes`;

/** Said after the title of a `change` fix that replaces or removes a code the coder wrote. */
export const CHANGES_A_CODE = ' (changes a code)';

export function codeActions(
  engine: Engine,
  settings: CheckSettings,
  document: TextDocument,
  params: CodeActionParams,
  fixAllKinds: readonly FixKind[] = DEFAULT_FIX_KINDS,
  findingsNow: () => readonly Finding[] = () => engine.check(document.getText(), settings).findings,
): CodeAction[] {
  const only = params.context.only;
  // Quick fixes when nothing is asked for in particular; the fix-all source
  // action only when asked for (on save, "Source Action…", the fix-all command).
  const wantsQuickFixes = !only || only.some((kind) => covers(kind, CodeActionKind.QuickFix));
  const wantsFixAll = !!only && only.some((kind) => covers(kind, FIX_ALL_KIND));
  const actions: CodeAction[] = [];
  if (wantsQuickFixes) actions.push(...quickFixes(engine, settings, document, params.context.diagnostics.filter(isOurs), findingsNow));
  if (wantsFixAll) {
    const action = fixAll(engine, settings, document, fixAllKinds);
    if (action) actions.push(action);
  }
  return actions;
}

function quickFixes(
  engine: Engine,
  settings: CheckSettings,
  document: TextDocument,
  diagnostics: (Diagnostic & { code: string })[],
  findingsNow: () => readonly Finding[],
): CodeAction[] {
  if (!diagnostics.length) return [];
  // The diagnostics come from the client and may be stale: fixes are taken from
  // the findings of the text as it is now (the server's own, kept per note), matched by rule and range.
  const findings = findingsNow();
  // Whether a fix changes a written code is read from the note it is in.
  const codeRanges = new Map<number, Range[]>();
  const changesACode = (fix: Fix, line: number) => {
    const note = noteIn(document, line);
    let ranges = codeRanges.get(note.first);
    if (!ranges) codeRanges.set(note.first, (ranges = writtenCodeRanges(engine, note.text, settings).map((r) => shiftRange(r, note.first))));
    return fix.edits.some((e) => ranges.some((r) => overlaps(e.range, r)));
  };
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const disabled = new Set<string>();
  for (const diagnostic of diagnostics) {
    const finding = findings.find((f) => f.rule === diagnostic.code && sameRange(f.range, diagnostic.range));
    if (!finding) continue;
    for (const fix of finding.fixes) {
      fixes.push({
        // A `change` fix alters the coder's coding: its title says so where it replaces or removes a code.
        title: fix.kind === 'change' && changesACode(fix, finding.range.start.line) ? `${fix.title}${CHANGES_A_CODE}` : fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [document.uri]: fix.edits } },
      });
    }
    const line = finding.range.start.line;
    const key = `${finding.rule}\n${line}`;
    // A directive's own warning sits on a comment, which a directive above it would not cover.
    if (disabled.has(key) || finding.rule.startsWith(NOT_CHECKED_FAMILY) || finding.rule === 'syntax/invalid-directive') continue;
    disabled.add(key);
    disables.push({
      title: `Disable ${finding.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: false,
      edit: { changes: { [document.uri]: [disableLineEditAt(document, line, finding.rule)] } },
    });
  }
  return [...fixes, ...disables];
}

/** The source action: every preferred fix of the allowed kinds, to a fixpoint; null when it changes nothing. */
function fixAll(engine: Engine, settings: CheckSettings, document: TextDocument, kinds: readonly FixKind[]): CodeAction | null {
  const text = document.getText();
  const fixed = kinds.length ? engine.fixAll(text, settings, { kinds }).text : text;
  if (fixed === text) return null;
  return {
    title: 'Fix all auto-fixable coding note problems',
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: minimalEdits(document, fixed) } },
  };
}

/**
 * The `codingNotes/fixAll` answer: the source action's edits, with how many
 * fixes of each kind were applied and how many preferred fixes of the other
 * kinds are left for a click in the fixed note.
 */
export function fixAllWithSummary(engine: Engine, settings: CheckSettings, document: TextDocument, kinds: readonly FixKind[]): FixAllResult {
  const text = document.getText();
  const applied = noFixes();
  let fixed = text;
  if (kinds.length) {
    const result = engine.fixAll(text, settings, { kinds });
    fixed = result.text;
    for (const r of result.records) applied[r.kind]++;
  }
  const waiting = noFixes();
  const allowed = new Set(kinds);
  for (const finding of engine.check(fixed, settings).findings) {
    const preferred = finding.fixes.find((f) => f.preferred);
    if (preferred && !allowed.has(preferred.kind)) waiting[preferred.kind]++;
  }
  return {
    version: document.version,
    edits: fixed === text ? [] : minimalEdits(document, fixed),
    summary: { kinds: [...kinds], applied, waiting },
  };
}

/** The ranges of the codes written in the document's code lists. */
function writtenCodeRanges(engine: Engine, text: string, settings: CheckSettings): Range[] {
  const out: Range[] = [];
  for (const { reading } of engine.read(text, settings).notes) {
    for (const ce of reading?.codeEntries ?? []) out.push(ce.entry.codeRange);
  }
  return out;
}

/** "Disable RULE for this line": the comment line above `line`, ended like the line it goes above. */
function disableLineEditAt(document: TextDocument, line: number, rule: string): TextEdit {
  if (!(document instanceof NoteDocument)) {
    const text = document.getText();
    const { lines, offsets } = splitLines(text);
    const endingAt = (l: number) => (l + 1 < lines.length ? text.slice(offsets[l] + lines[l].length, offsets[l + 1]) : '');
    return disableLineEdit(lines, endingAt(line) || (line > 0 ? endingAt(line - 1) : '') || '\n', line, rule);
  }
  const one: string[] = [];
  one[line] = document.lines.lineAt(line);
  const eol = document.lines.endingAt(line) || (line > 0 ? document.lines.endingAt(line - 1) : '') || '\n';
  return disableLineEdit(one, eol, line, rule);
}

/** Do two ranges share a character? (An insertion at a code's edge does not change it.) */
function overlaps(a: Range, b: Range): boolean {
  return comparePositions(a.start, b.end) < 0 && comparePositions(b.start, a.end) < 0;
}

/** Edits that turn the document into `newText`, touching only what differs. */
export function minimalEdits(document: TextDocument, newText: string): TextEdit[] {
  return diffTexts(document.getText(), newText).map((e) => ({
    range: { start: document.positionAt(e.start), end: document.positionAt(e.end) },
    newText: e.newText,
  }));
}

/** Does a requested kind (`source`, `source.fixAll`) include this kind? */
function covers(requested: string, kind: string): boolean {
  return kind === requested || kind.startsWith(`${requested}.`);
}

function sameRange(a: Range, b: Range): boolean {
  return a.start.line === b.start.line && a.start.character === b.start.character && a.end.line === b.end.line && a.end.character === b.end.character;
}
