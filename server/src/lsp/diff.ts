// The smallest edits that turn one text into another: changed lines found by
// a line diff, then each change trimmed to the characters that differ. Small
// edits keep the editor's cursor, selections and undo steps where they were.

export interface OffsetEdit {
  /** Offsets in the old text. */
  start: number;
  end: number;
  newText: string;
}

/** Above this many line pairs, the changed middle is replaced as one piece. */
const MAX_DIFF_CELLS = 4_000_000;

export function diffTexts(oldText: string, newText: string): OffsetEdit[] {
  if (oldText === newText) return [];
  const a = linesWithEnds(oldText);
  const b = linesWithEnds(newText);
  const offsets = [0];
  for (const line of a) offsets.push(offsets[offsets.length - 1] + line.length);

  let head = 0;
  while (head < a.length && head < b.length && a[head] === b[head]) head++;
  let tail = 0;
  while (tail < a.length - head && tail < b.length - head && a[a.length - 1 - tail] === b[b.length - 1 - tail]) tail++;
  const n = a.length - head - tail;
  const m = b.length - head - tail;

  const hunks: [number, number, number, number][] = []; // old lines [i0, i1), new lines [j0, j1)
  if ((n + 1) * (m + 1) > MAX_DIFF_CELLS) {
    hunks.push([head, head + n, head, head + m]);
  } else {
    // lcs[i * (m + 1) + j]: length of the longest common subsequence of the suffixes a[head+i..], b[head+j..].
    const lcs = new Uint32Array((n + 1) * (m + 1));
    for (let i = n - 1; i >= 0; i--) {
      for (let j = m - 1; j >= 0; j--) {
        lcs[i * (m + 1) + j] =
          a[head + i] === b[head + j] ? lcs[(i + 1) * (m + 1) + j + 1] + 1 : Math.max(lcs[(i + 1) * (m + 1) + j], lcs[i * (m + 1) + j + 1]);
      }
    }
    let i = 0;
    let j = 0;
    let open: [number, number] | null = null;
    const close = () => {
      if (open) hunks.push([head + open[0], head + i, head + open[1], head + j]);
      open = null;
    };
    while (i < n || j < m) {
      if (i < n && j < m && a[head + i] === b[head + j]) {
        close();
        i++;
        j++;
        continue;
      }
      open ??= [i, j];
      if (j >= m || (i < n && lcs[(i + 1) * (m + 1) + j] >= lcs[i * (m + 1) + j + 1])) i++;
      else j++;
    }
    close();
  }

  const edits: OffsetEdit[] = [];
  for (const [i0, i1, j0, j1] of hunks) {
    if (i1 - i0 === j1 - j0) {
      // As many lines replaced as written: edit each line on its own, so a
      // fix on one line does not sweep its neighbours into the same edit.
      for (let k = 0; k < i1 - i0; k++) edits.push(trim(a[i0 + k], b[j0 + k], offsets[i0 + k]));
    } else {
      edits.push(trim(oldText.slice(offsets[i0], offsets[i1]), b.slice(j0, j1).join(''), offsets[i0]));
    }
  }
  return edits;
}

/** Narrows a replacement to the characters that differ, never splitting a CRLF or a surrogate pair. */
function trim(before: string, after: string, at: number): OffsetEdit {
  let p = 0;
  const max = Math.min(before.length, after.length);
  while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
  while (p > 0 && (splitsPair(before, p) || splitsPair(after, p))) p--;
  let s = 0;
  while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
  while (s > 0 && (splitsPair(before, before.length - s) || splitsPair(after, after.length - s))) s--;
  return { start: at + p, end: at + before.length - s, newText: after.slice(p, after.length - s) };
}

/** Would cutting the text at this offset separate \r from \n or the halves of a surrogate pair? */
function splitsPair(text: string, offset: number): boolean {
  if (offset <= 0 || offset >= text.length) return false;
  const prev = text.charCodeAt(offset - 1);
  const next = text.charCodeAt(offset);
  return (prev === 13 && next === 10) || (prev >= 0xd800 && prev <= 0xdbff && next >= 0xdc00 && next <= 0xdfff);
}

function linesWithEnds(text: string): string[] {
  return text.match(/[^\r\n]*(?:\r\n|\r|\n)|[^\r\n]+/g) ?? [];
}
