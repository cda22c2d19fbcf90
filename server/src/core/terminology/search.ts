// The completion index of one classification: codes by prefix (`J12`, `j128`,
// `Y53.-`) and by prefixes of their title words (`cryo`, `perc liv`), over the
// bundled table and a whole release (10,000+ codes) in well under a millisecond
// a query once built. Built once per Terminology, on first use.

import type { CodeInfo } from './index';
import { fold } from '../text';

export interface CodeMatch {
  info: CodeInfo;
  /** Found by its code, or by words of its title. */
  match: 'code' | 'title';
}

const WORD = /[\p{L}\p{N}]+/gu;

/**
 * The words of a text, lower case and without accents, so that a coder typing on a
 * UK keyboard finds them: `Ménière’s disease` → meniere, s, disease.
 */
export function titleWords(text: string): string[] {
  return withoutAccents(text).toLowerCase().match(WORD) ?? [];
}

/** The text with its combining marks taken off (`Sjögren` → `Sjogren`). */
export function withoutAccents(text: string): string {
  return /[^ -~\t\r\n]/.test(text) ? text.normalize('NFD').replace(/\p{M}+/gu, '') : text;
}

/** A query read as a code prefix (`j12`, `J12-8`, `Y53.-`), without its dot; null when it is not one. */
export function codePrefix(query: string): string | null {
  const compact = query
    .replace(/\s+/g, '')
    .toUpperCase()
    .replace(/^([A-Z]\d{2})[-_:;/]/, '$1.')
    .replace(/(?:\.-?|-|\.X)$/, '');
  return /^[A-Z](?:\d[\d.]*)?$/.test(compact) ? compact.replace(/\./g, '') : null;
}

export class CodeIndex {
  private readonly infos: CodeInfo[];
  /** Each code without its dot, in code order. */
  private readonly keys: string[];
  /** Every title word, sorted, with the codes (indexes, ascending) whose titles hold it. */
  private readonly vocab: string[];
  private readonly postings: number[][];
  /** Per code: the stamp of the last query word that found it, and how many query words did. */
  private readonly stamp: Uint32Array;
  private readonly hits: Uint16Array;
  private stampNow = 0;

  constructor(codes: Iterable<CodeInfo>) {
    this.infos = [...codes].sort((a, b) => (a.code < b.code ? -1 : a.code > b.code ? 1 : 0));
    this.keys = this.infos.map((i) => i.code.replace('.', ''));
    const byWord = new Map<string, number[]>();
    this.infos.forEach((info, i) => {
      const words = new Set(titleWords([info.title, info.insertTitle, ...info.alsoWritten].join(' ')));
      for (const w of words) {
        const list = byWord.get(w);
        if (list) list.push(i);
        else byWord.set(w, [i]);
      }
    });
    this.vocab = [...byWord.keys()].sort();
    this.postings = this.vocab.map((w) => byWord.get(w)!);
    this.stamp = new Uint32Array(this.infos.length);
    this.hits = new Uint16Array(this.infos.length);
  }

  get size(): number {
    return this.infos.length;
  }

  /** The codes a query finds, in code order; a code found by its code counts as `code`, else by its title words. */
  search(query: string, limit = Infinity): CodeMatch[] {
    const q = query.trim();
    const n = this.infos.length;
    const kind = new Uint8Array(n); // 0 none, 1 code, 2 title
    if (!q) kind.fill(1);
    else {
      const prefix = codePrefix(q);
      if (prefix) {
        for (let i = lowerBound(this.keys, prefix); i < n && this.keys[i].startsWith(prefix); i++) kind[i] = 1;
      }
      const words = [...new Set(titleWords(q))];
      if (words.length && words.length < 0xffff) {
        const round = ++this.stampNow;
        // Count, per code, the query words that a word of its title starts with.
        for (const w of words) {
          const wordStamp = ++this.stampNow;
          for (let v = lowerBound(this.vocab, w); v < this.vocab.length && this.vocab[v].startsWith(w); v++) {
            for (const i of this.postings[v]) {
              if (this.stamp[i] === wordStamp) continue;
              if (this.stamp[i] < round) this.hits[i] = 0;
              this.stamp[i] = wordStamp;
              this.hits[i]++;
            }
          }
        }
        for (let i = 0; i < n; i++) if (this.stamp[i] >= round && this.hits[i] === words.length && kind[i] === 0) kind[i] = 2;
      }
    }
    const out: CodeMatch[] = [];
    for (let i = 0; i < n && out.length < limit; i++) if (kind[i]) out.push({ info: this.infos[i], match: kind[i] === 1 ? 'code' : 'title' });
    return out;
  }
}

/** The first index whose string is not below `key`. */
function lowerBound(sorted: readonly string[], key: string): number {
  let lo = 0;
  let hi = sorted.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (sorted[mid] < key) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}

/** How titles compare: as `fold`, and without accents or curly apostrophes (`Ménière’s` is `Meniere's`). */
export function foldTitle(title: string): string {
  return withoutAccents(fold(title)).replace(/[\u2018\u2019\u02bc]/g, "'");
}
