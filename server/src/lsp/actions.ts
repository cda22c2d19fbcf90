// Code actions: a quick fix per fix of each of our diagnostics, "Disable RULE
// for this line", and the source action that applies every preferred fix.

import { CodeAction, CodeActionKind, CodeActionParams, Diagnostic, TextEdit } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Engine, CheckSettings } from '../core/engine';
import type { Range } from '../core/types';
import { splitLines } from '../core/text';
import { disableLineEdit } from '../core/suppress';
import { isOurs } from './diagnostics';
import { diffTexts } from './diff';

export const FIX_ALL_KIND = `${CodeActionKind.SourceFixAll}.coding-notes`;

export function codeActions(engine: Engine, settings: CheckSettings, document: TextDocument, params: CodeActionParams): CodeAction[] {
  const only = params.context.only;
  // Quick fixes when nothing is asked for in particular; the fix-all source
  // action only when asked for (on save, "Source Action…", the fix-all command).
  const wantsQuickFixes = !only || only.some((kind) => covers(kind, CodeActionKind.QuickFix));
  const wantsFixAll = !!only && only.some((kind) => covers(kind, FIX_ALL_KIND));
  const actions: CodeAction[] = [];
  if (wantsQuickFixes) actions.push(...quickFixes(engine, settings, document, params.context.diagnostics.filter(isOurs)));
  if (wantsFixAll) {
    const action = fixAll(engine, settings, document);
    if (action) actions.push(action);
  }
  return actions;
}

function quickFixes(engine: Engine, settings: CheckSettings, document: TextDocument, diagnostics: (Diagnostic & { code: string })[]): CodeAction[] {
  if (!diagnostics.length) return [];
  const text = document.getText();
  // The diagnostics come from the client and may be stale: fixes are taken from
  // the findings of the text as it is now, matched by rule and range.
  const findings = engine.check(text, settings).findings;
  const { lines, eol } = splitLines(text);
  const fixes: CodeAction[] = [];
  const disables: CodeAction[] = [];
  const disabled = new Set<string>();
  for (const diagnostic of diagnostics) {
    const finding = findings.find((f) => f.rule === diagnostic.code && sameRange(f.range, diagnostic.range));
    if (!finding) continue;
    for (const fix of finding.fixes) {
      fixes.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred,
        edit: { changes: { [document.uri]: fix.edits } },
      });
    }
    const line = finding.range.start.line;
    const key = `${finding.rule}\n${line}`;
    if (disabled.has(key)) continue;
    disabled.add(key);
    disables.push({
      title: `Disable ${finding.rule} for this line`,
      kind: CodeActionKind.QuickFix,
      diagnostics: [diagnostic],
      isPreferred: false,
      edit: { changes: { [document.uri]: [disableLineEdit(lines, eol, line, finding.rule)] } },
    });
  }
  return [...fixes, ...disables];
}

function fixAll(engine: Engine, settings: CheckSettings, document: TextDocument): CodeAction | null {
  const text = document.getText();
  const fixed = engine.fixAll(text, settings).text;
  if (fixed === text) return null;
  return {
    title: 'Fix all auto-fixable coding note problems',
    kind: FIX_ALL_KIND,
    edit: { changes: { [document.uri]: minimalEdits(document, fixed) } },
  };
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
