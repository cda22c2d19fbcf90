// The XML twins of the TXT files: one element per code, whose child elements
// (or attributes) carry the same names as the TXT columns (CODE, ALT_CODE,
// DESCRIPTION, USAGE…). The record element's own name does not matter.

import type { ReleaseEntry } from '../terminology';
import { columnKey, findColumns, readRow, usable, VERSION_KEYS } from './columns';
import { XmlError, lineAt, localName, xmlTokens } from './xml';
import { EXPECTED } from './types';
import type { ReleaseRead } from './types';

interface Frame {
  name: string;
  attrs: Record<string, string>;
  /** Leaf children by column key. */
  fields: Map<string, string>;
  elements: number;
  text: string;
  at: number;
}

export function readRecordsXml(xml: string): ReleaseRead {
  const entries: ReleaseEntry[] = [];
  let fifthCharacter = 0;
  let unreadCount = 0;
  let firstUnread = -1;
  let stated: string | null = null;
  const used = new Set<string>();
  /** Each column key's name as the file writes it (`ALTCODE` → `ALT_CODE`). */
  const written = new Map<string, string>();
  const stack: Frame[] = [];

  const state = (key: string, value: string) => {
    if (stated === null && !entries.length && VERSION_KEYS.has(key) && value.trim()) stated = value.trim();
  };
  const unread = (at: number) => {
    unreadCount++;
    if (firstUnread < 0) firstUnread = lineAt(xml, at);
  };
  /** A record: named values that hold a code and a title. */
  const record = (fields: Map<string, string>, at: number) => {
    const columns = findColumns([...fields.keys()]);
    if (!usable(columns)) {
      if (columns.code !== null || columns.alt !== null) unread(at);
      return;
    }
    const row = readRow((k) => fields.get(k), columns);
    if (row.kind === 'code') {
      for (const c of [columns.code, columns.alt, columns.title, columns.usage]) if (c) used.add(c);
      entries.push(row.usage ? { code: row.code, title: row.title, usage: row.usage } : { code: row.code, title: row.title });
    } else if (row.kind === 'fifth') fifthCharacter++;
    else unread(at);
  };
  const finish = (frame: Frame) => {
    const attrs = new Map<string, string>();
    for (const [k, v] of Object.entries(frame.attrs)) {
      const key = columnKey(localName(k));
      if (!written.has(key)) written.set(key, localName(k));
      attrs.set(key, v);
      state(key, v);
    }
    if (frame.elements === 0) {
      // A leaf: one named value of the element around it (or a record of attributes).
      const key = columnKey(localName(frame.name));
      if (!written.has(key)) written.set(key, localName(frame.name));
      const parent = stack[stack.length - 1];
      if (parent) parent.fields.set(key, frame.text);
      state(key, frame.text);
      if (attrs.size) record(attrs, frame.at);
      return;
    }
    for (const [k, v] of attrs) if (!frame.fields.has(k)) frame.fields.set(k, v);
    record(frame.fields, frame.at);
  };

  const fail = (error: string): ReleaseRead => ({ ...base([], fifthCharacter, null, stated), error: `${error}: expected ${EXPECTED.xml}` });
  try {
    for (const t of xmlTokens(xml)) {
      if (t.kind === 'open') {
        const parent = stack[stack.length - 1];
        if (parent) parent.elements++;
        const frame: Frame = { name: t.name, attrs: t.attrs, fields: new Map(), elements: 0, text: '', at: t.at };
        if (t.selfClosing) finish(frame);
        else stack.push(frame);
      } else if (t.kind === 'close') {
        const frame = stack.pop();
        if (!frame || localName(frame.name) !== localName(t.name))
          return fail(`it is not well-formed XML (a closing tag that does not match, line ${lineAt(xml, t.at) + 1})`);
        finish(frame);
      } else {
        const top = stack[stack.length - 1];
        if (top) top.text += t.text;
      }
    }
  } catch (e) {
    if (e instanceof XmlError) return fail(`it is not well-formed XML (${e.message}, line ${lineAt(xml, e.at) + 1})`);
    throw e;
  }
  if (stack.length) return fail('the XML ends inside an element (is the file cut short?)');

  const out = base(entries, fifthCharacter, unreadCount ? { count: unreadCount, firstLine: firstUnread } : null, stated);
  if (used.size) out.formatLabel = `XML (${[...used].map((k) => written.get(k) ?? k).join(', ')} in each element)`;
  if (!entries.length) out.error = `no element holds ${unreadCount ? 'a readable' : 'a'} code and title: expected ${EXPECTED.xml}`;
  return out;
}

function base(entries: ReleaseEntry[], fifthCharacter: number, unread: ReleaseRead['unread'], stated: string | null): ReleaseRead {
  return { format: 'xml', formatLabel: 'XML (one element per code)', entries, fifthCharacter, unread, version: stated, states: null, error: null };
}
