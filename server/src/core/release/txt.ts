// Tab-separated release files. Without a header row (OPCS-4 Codes and Titles:
// code without the dot, tab, title), or with one naming its columns (ICD-10 5th
// Edition Codes and Titles and Metadata: CODE, ALT_CODE, USAGE, DESCRIPTION…).

import type { ReleaseEntry } from '../terminology';
import { readReleaseCode } from './code';
import { cleanTitle, columnKey, findColumns, readRow, usable } from './columns';
import type { Columns } from './columns';
import { ANY_TXT, EXPECTED } from './types';
import type { ReleaseRead } from './types';

export function readTxt(text: string): ReleaseRead {
  const lines = text.split(/\r\n|\n|\r/);
  const first = lines.findIndex((l) => l.trim() !== '');
  const entries: ReleaseEntry[] = [];
  let fifthCharacter = 0;
  let unreadCount = 0;
  let firstUnread = -1;
  const unread = (i: number) => {
    unreadCount++;
    if (firstUnread < 0) firstUnread = i;
  };
  if (first < 0) return result('txt', entries, 0, null, 'the file is empty');
  if (!lines.slice(first, first + 50).some((l) => l.includes('\t'))) {
    return result('txt', entries, 0, null, `no line has a tab: expected ${ANY_TXT}`);
  }

  const head = lines[first].split('\t');
  const keys = head.map(columnKey);
  const columns = findColumns(keys);
  const headed = usable(columns) && readReleaseCode(head[0]).kind !== 'code';
  if (headed) {
    const index = new Map(keys.map((k, i) => [k, i] as [string, number]).reverse());
    const at = (k: string | null) => (k === null ? -1 : index.get(k)!);
    const cols: Columns = columns;
    const [ci, ai, ti, ui] = [at(cols.code), at(cols.alt), at(cols.title), at(cols.usage)];
    for (let i = first + 1; i < lines.length; i++) {
      const line = lines[i];
      if (!line.trim()) continue;
      const cells = line.split('\t');
      const get = (k: string) => {
        const j = k === cols.code ? ci : k === cols.alt ? ai : k === cols.title ? ti : k === cols.usage ? ui : -1;
        return j >= 0 ? cells[j] : undefined;
      };
      const row = readRow(get, cols);
      if (row.kind === 'code') entries.push(row.usage ? { code: row.code, title: row.title, usage: row.usage } : { code: row.code, title: row.title });
      else if (row.kind === 'fifth') fifthCharacter++;
      else unread(i);
    }
    const named = [cols.code, cols.alt, cols.usage, cols.title].filter((c): c is string => c !== null).map((k) => head[keys.indexOf(k)].trim());
    const label = `TXT with a header row (${named.join(', ')}${keys.length > named.length ? ', …' : ''})`;
    const out = result('txt-header', entries, fifthCharacter, unreadCount ? { count: unreadCount, firstLine: firstUnread } : null, null, label);
    if (!entries.length && !unreadCount) out.error = `it has a header row and no codes under it: expected ${EXPECTED['txt-header']}`;
    else if (!entries.length) out.error = `no line under the header holds a code and a title: expected ${EXPECTED['txt-header']}`;
    return out;
  }

  // No header: code, tab, title. A first line that is not a code is a header we do not know.
  for (let i = first; i < lines.length; i++) {
    const line = lines[i];
    if (!line.trim()) continue;
    const tab = line.indexOf('\t');
    const code = readReleaseCode(tab < 0 ? line : line.slice(0, tab));
    if (code.kind === 'fifth') {
      fifthCharacter++;
      continue;
    }
    const next = tab < 0 ? -1 : line.indexOf('\t', tab + 1);
    const title = tab < 0 ? '' : cleanTitle(next < 0 ? line.slice(tab + 1) : line.slice(tab + 1, next));
    if (code.kind !== 'code' || !title) {
      if (i === first) continue; // a header line
      unread(i);
      continue;
    }
    entries.push(code.usage ? { code: code.code, title, usage: code.usage } : { code: code.code, title });
  }
  const out = result('txt', entries, fifthCharacter, unreadCount ? { count: unreadCount, firstLine: firstUnread } : null, null);
  if (!entries.length) out.error = `no line holds a code and a title: expected ${EXPECTED.txt}`;
  return out;
}

function result(
  format: 'txt' | 'txt-header',
  entries: ReleaseEntry[],
  fifthCharacter: number,
  unread: ReleaseRead['unread'],
  error: string | null,
  label = 'Codes and Titles TXT (tab-separated, no header)',
): ReleaseRead {
  return { format, formatLabel: label, entries, fifthCharacter, unread, version: null, states: null, error };
}
