// Inlay hints: the title after every code written without one, from the loaded
// tables (bundled or a configured release file), for codes that are written as
// the classification writes them. A slip or an open category gets a diagnostic,
// not a title that would read as if it were right.

import type { InlayHint } from 'vscode-languageserver-types';
import type { Engine, CheckSettings } from '../engine';
import type { Range } from '../types';
import { CLASSIFICATION_NAMES } from '../terminology';
import { knownCodeLines } from './describe';
import { markdown } from './locate';

export function inlayHints(engine: Engine, text: string, settings: CheckSettings = {}, range?: Range): InlayHint[] {
  const out: InlayHint[] = [];
  const { notes } = engine.read(text, settings);
  for (const { note, reading } of notes) {
    if (!reading) continue;
    if (range && (note.endLine < range.start.line || note.startLine > range.end.line)) continue;
    for (const ce of reading.codeEntries) {
      const { entry } = ce;
      if (entry.title !== null || ce.shape.kind !== 'ok' || !ce.code) continue;
      if (range && (entry.line < range.start.line || entry.line > range.end.line)) continue;
      const info = engine.terms.lookup(ce.readAs, ce.code);
      if (!info) continue;
      out.push({
        position: entry.codeRange.end,
        label: info.insertTitle,
        paddingLeft: true,
        tooltip: markdown([`${CLASSIFICATION_NAMES[ce.readAs]}: title from the loaded tables, not part of the note.`, '', ...knownCodeLines(info)]),
      });
    }
  }
  return out;
}
