// ClaML (Classification Markup Language, ISO 13120), as WHO and national
// centres distribute ICD-10: `<Class code="C78.7" kind="category" usage="aster">`
// with a `<Rubric kind="preferred"><Label>` title. A `<Reference>` inside a
// label is a cross-reference code (a dagger or asterisk partner), not part of
// the title. Modifier classes (fifth characters) are not codes the notes use.

import type { ReleaseEntry } from '../terminology';
import { readReleaseCode, readUsage } from './code';
import { cleanTitle } from './columns';
import { XmlError, lineAt, localName, parseAttrs, xmlTokens } from './xml';
import { EXPECTED } from './types';
import type { ReleaseRead } from './types';
import type { Classification } from '../terminology';

export function isClaml(text: string): boolean {
  return /<(?:[\w.-]+:)?ClaML[\s>]/.test(text.slice(0, 8192));
}

export function readClaml(xml: string): ReleaseRead {
  const entries: ReleaseEntry[] = [];
  let fifthCharacter = 0;
  let unreadCount = 0;
  let firstUnread = -1;
  const unread = (at: number) => {
    unreadCount++;
    if (firstUnread < 0) firstUnread = lineAt(xml, at);
  };

  // <Title name="ICD-10" version="2019">…</Title>
  const titleTag = /<(?:[\w.-]+:)?Title\b([^>]*)>/.exec(xml.slice(0, 65536));
  const titleAttrs = titleTag ? parseAttrs(titleTag[1]) : {};
  const version = titleAttrs.version?.trim() || null;
  const named = `${titleAttrs.name ?? ''} ${titleTag ? xml.slice(titleTag.index + titleTag[0].length, xml.indexOf('<', titleTag.index + titleTag[0].length)) : ''}`;
  const states: Classification | null = /\bOPCS/i.test(named)
    ? 'opcs4'
    : /\bICD|International Statistical Classification of Diseases/i.test(named)
      ? 'icd10'
      : null;

  const CLASS = /<(?:[\w.-]+:)?Class\b([^>]*?)(\/?)>/g;
  let m: RegExpExecArray | null;
  let classes = 0;
  try {
    while ((m = CLASS.exec(xml))) {
      classes++;
      const attrs = parseAttrs(m[1]);
      const start = m.index;
      let end: number;
      if (m[2] === '/') end = CLASS.lastIndex;
      else {
        // The class ends at its own closing tag; classes do not nest.
        const close = /<\/(?:[\w.-]+:)?Class\s*>/g;
        close.lastIndex = CLASS.lastIndex;
        const c = close.exec(xml);
        if (!c) throw new XmlError('a Class element is not closed', start);
        end = c.index + c[0].length;
      }
      CLASS.lastIndex = end;
      if ((attrs.kind ?? 'category') !== 'category') continue;
      const code = readReleaseCode(attrs.code ?? '');
      if (code.kind === 'fifth') {
        fifthCharacter++;
        continue;
      }
      const title = code.kind === 'code' ? preferredLabel(xml, m.index + m[0].length, end) : '';
      if (code.kind !== 'code' || !title) {
        unread(start);
        continue;
      }
      const usage = readUsage(attrs.usage) ?? code.usage;
      entries.push(usage ? { code: code.code, title, usage } : { code: code.code, title });
    }
  } catch (e) {
    if (e instanceof XmlError) {
      return {
        ...base([], 0, null, version, states),
        error: `it is not well-formed ClaML (${e.message}, line ${lineAt(xml, e.at) + 1}; is the file cut short?): expected ${EXPECTED.claml}`,
      };
    }
    throw e;
  }
  const out = base(entries, fifthCharacter, unreadCount ? { count: unreadCount, firstLine: firstUnread } : null, version, states);
  if (!entries.length)
    out.error = classes
      ? `no category class has a code and a preferred label: expected ${EXPECTED.claml}`
      : `it has no Class elements: expected ${EXPECTED.claml}`;
  return out;
}

/** The text of the first preferred rubric's label between two offsets, without its References. */
function preferredLabel(xml: string, from: number, to: number): string {
  const RUBRIC = /<(?:[\w.-]+:)?Rubric\b([^>]*)>/g;
  RUBRIC.lastIndex = from;
  let r: RegExpExecArray | null;
  while ((r = RUBRIC.exec(xml)) && r.index < to) {
    if (parseAttrs(r[1]).kind !== 'preferred') continue;
    const close = xml.indexOf('Rubric>', RUBRIC.lastIndex);
    const chunk = xml.slice(RUBRIC.lastIndex, close < 0 || close > to ? to : close);
    let depth = 0;
    let inLabel = false;
    let text = '';
    for (const t of xmlTokens(chunk.replace(/<\/(?:[\w.-]+:)?$/, ''))) {
      if (t.kind === 'open') {
        const name = localName(t.name);
        if (name === 'Label') inLabel = true;
        else if (name === 'Reference' && !t.selfClosing) depth++;
      } else if (t.kind === 'close') {
        const name = localName(t.name);
        if (name === 'Label') break;
        if (name === 'Reference') depth = Math.max(0, depth - 1);
      } else if (inLabel && depth === 0) text += t.text;
    }
    return cleanTitle(text);
  }
  return '';
}

function base(
  entries: ReleaseEntry[],
  fifthCharacter: number,
  unread: ReleaseRead['unread'],
  version: string | null,
  states: Classification | null,
): ReleaseRead {
  return { format: 'claml', formatLabel: 'ClaML XML', entries, fifthCharacter, unread, version, states, error: null };
}
