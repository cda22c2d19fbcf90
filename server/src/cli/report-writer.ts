// The report of `coding-notes check`, written as the files are settled (text,
// JSON, SARIF, CSV), and the progress line on a terminal. check.ts drives them.

import { tmpdir } from 'node:os';
import type { CheckOptions } from './args';
import type { CliIo } from './check';
import { Spool } from './write';
import { FixMode, RunTotals, textClosing } from './report';
import { sarifReport } from './sarif';
import { CSV_HEADER, csvText } from '../report/csv';
import { MEMBER_DEPTH } from './check-file';
import type { ReportPart } from './check-file';
import { ArrayWriter, documentAround } from './json-stream';
import type { NotChecked } from '../report/audit';

/**
 * The report, written as the files are settled: the opening, each file's part,
 * the closing. JSON's closing holds the summary; SARIF's opening holds the
 * rules and the run's notifications, known only at the end, so its results wait
 * in a temporary file (a Spool) until then and are copied after the opening.
 */
export class ReportWriter {
  private readonly members: ArrayWriter | null;
  private spool: Spool | null = null;

  constructor(
    private readonly format: CheckOptions['format'],
    private readonly io: CliIo,
  ) {
    this.members = format === 'json' ? new ArrayWriter(MEMBER_DEPTH.json) : format === 'sarif' ? new ArrayWriter(MEMBER_DEPTH.sarif) : null;
  }

  begin(): void {
    if (this.format === 'csv') this.io.stdout(csvText([[...CSV_HEADER]]));
    else if (this.format === 'json') this.io.stdout(jsonDocument(null).opening);
  }

  part(part: ReportPart): void {
    if (this.format === 'sarif') {
      if (!part.members) return;
      this.spool ??= new Spool(tmpdir());
      this.spool.write(this.members!.before(part.members));
      for (const chunk of part.chunks) this.spool.write(chunk);
      return;
    }
    if (this.members) {
      const before = this.members.before(part.members);
      if (before) this.io.stdout(before);
    }
    for (const chunk of part.chunks) this.io.stdout(chunk);
  }

  *end(totals: RunTotals, notChecked: readonly NotChecked[], mode: FixMode, sarif: () => Parameters<typeof sarifReport>[1]): Generator<void, void> {
    switch (this.format) {
      case 'json':
        this.io.stdout(this.members!.end() + jsonDocument(totals.summary, notChecked).closing + '\n');
        return;
      case 'sarif': {
        const { opening, closing } = documentAround(sarifReport([], sarif()), 'results');
        this.io.stdout(opening);
        try {
          for (const chunk of this.spool?.contents() ?? []) {
            this.io.stdout(chunk);
            yield;
          }
        } finally {
          this.spool?.close();
        }
        this.io.stdout(this.members!.end() + closing + '\n');
        return;
      }
      case 'csv':
        return;
      default:
        this.io.stdout(textClosing(totals, mode));
    }
  }
}

/**
 * The JSON report around its files (the summary is known at the end; the opening does not depend on it).
 * `notChecked`, after the files, is there only when some path was not checked.
 */
function jsonDocument(summary: RunTotals['summary'] | null, notChecked: readonly NotChecked[] = []): { opening: string; closing: string } {
  return documentAround({ version: 1, files: [], ...(notChecked.length ? { notChecked } : {}), summary: summary ?? new RunTotals().summary }, 'files');
}

export function toBuffer(bytes: Uint8Array): Buffer {
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}

/** `[3/120] notes/list-3.codingnote` on one rewritten terminal line. */
export class Progress {
  private shown = false;
  constructor(private readonly io: CliIo) {}

  show(done: number, total: number, name: string): void {
    if (!this.io.stderrIsTerminal) return;
    this.io.stderr(`\r\x1b[K[${done}/${total}] ${name}`);
    this.shown = true;
  }

  clear(): void {
    if (!this.shown) return;
    this.io.stderr('\r\x1b[K');
    this.shown = false;
  }
}
