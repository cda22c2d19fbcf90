// The benchmark's figures as Markdown, written into README.md between two
// marker comments by every full `npm run bench`, so the README always shows the
// last full run with its machine and date (never figures typed by hand).

import { readFileSync, writeFileSync } from 'node:fs';

interface Stats {
  n: number;
  p50: number;
  p95: number;
  p99: number;
  max: number;
}

interface Server {
  openMs: number;
  diagnosticsOnOpen: number;
  edit: Stats;
  warmUpEdits: number;
  completion?: Stats;
  hover?: Stats;
  rssIdleMB?: number;
  rssOpenMB: number;
  rssAfterEditsMB: number;
  rssAfterFeaturesMB?: number;
}

export interface BenchResults {
  machine: { cpu: string; cores: number; memoryGB: number; platform: string; loadAverage: { start: number; end: number } };
  node: string;
  date: string;
  core: { notes: number; bytes: number; findings: number; checkMs: number; MBps: number; floorMs: number; floorMBps: number; ratioToFloor: number }[];
  cli: { ms: number; MBps: number; bytes: number };
  cliLarge: {
    notes: number;
    files: number;
    bytes: number;
    runs: { format: string; concurrency: string; ms: number; MBps: number | null; failure: string | null }[];
  };
  incrementalInProcess10k: Stats;
  releaseFileLoad: { opcs4: { rows: number; ms: Stats }; icd10: { rows: number; ms: Stats }; workspaceWithBothMs: number; completionMs: Stats };
  /** Per size: ours pushing, ours pulled in parts as VS Code pulls (absent in runs from before it was measured), ours with the old delay, the peer. */
  lsp: Record<number, { ours: Server; oursPulled?: Server; oursOldDelay: Server; yaml: Server }>;
  coldStart: Stats;
  bundles: Record<string, number>;
  targets: { target: string; value: string; met: boolean }[];
}

export const START = '<!-- bench figures: start (written by `npm run bench` from bench/results.json; not edited by hand) -->';
export const END = '<!-- bench figures: end -->';

const n = (x: number) => x.toLocaleString('en-GB');
const ms = (x: number) => `${n(x)} ms`;
const ratio = (a: number, b: number) => (b ? (a / b).toFixed(4) : '');
const row = (cells: (string | number)[]) => `| ${cells.join(' | ')} |`;

function serverTable(notes: number, figures: { ours: Server; oursPulled?: Server; oursOldDelay: Server; yaml: Server }): string[] {
  const { ours: o, oursPulled: v, oursOldDelay: z, yaml: y } = figures;
  const edit = (s: Server) => `${n(s.edit.p50)} / ${n(s.edit.p95)} / ${n(s.edit.p99)} ms (${s.edit.n} + ${s.warmUpEdits} warm-up)`;
  // Ours pulled in parts (VS Code) first where the run measured it, then ours pushed (Neovim, Emacs…).
  const ours = v ? [v, o] : [o];
  const names = v ? ['ours, pulled in parts, as VS Code', 'ours, pushed (Neovim, Emacs…)'] : ['ours as shipped'];
  const cells = (f: (s: Server) => string, peer = true) => [...ours.map(f), f(z), peer ? f(y) : ''];
  return [
    row([`${n(notes)} notes`, ...names, 'ours, old 150 ms delay', 'yaml-language-server 1.25.0, schema applied, 200 ms delay']),
    row(Array(names.length + 3).fill('---')),
    row(['didOpen → diagnostics', ...cells((s) => ms(s.openMs))]),
    row(['diagnostics on open', ...cells((s) => n(s.diagnosticsOnOpen))]),
    row(['edit → diagnostics p50 / p95 / p99', ...cells(edit)]),
    row(['ours / theirs, p50 and p99', ...cells((s) => `${ratio(s.edit.p50, y.edit.p50)} and ${ratio(s.edit.p99, y.edit.p99)}`, false)]),
    row(['RSS idle / after open / after edits', ...cells((s) => `${s.rssIdleMB ?? '?'} / ${s.rssOpenMB} / ${s.rssAfterEditsMB} MB`)]),
    row([
      'completion p50 / p99, hover p50 / p99, then RSS',
      ...ours.map((s) =>
        s.completion && s.hover ? `${s.completion.p50} / ${s.completion.p99} ms, ${s.hover.p50} / ${s.hover.p99} ms, ${s.rssAfterFeaturesMB} MB` : '',
      ),
      '',
      '',
    ]),
  ];
}

/** The Markdown block for one full run. */
export function figuresMarkdown(r: BenchResults): string {
  const out: string[] = [START, ''];
  const load = r.machine.loadAverage;
  out.push(
    `Last full run: ${r.date.slice(0, 10)}, ${r.machine.cpu}, ${r.machine.cores} cores, ${r.machine.memoryGB} GB, ${r.machine.platform}, ` +
      `Node ${r.node}; one-minute load average ${load.start} at the start and ${load.end} at the end.`,
    '',
  );
  for (const size of Object.keys(r.lsp)
    .map(Number)
    .sort((a, b) => b - a)) {
    out.push(...serverTable(size, r.lsp[size]), '');
  }
  out.push(
    `The incremental checker alone (in one process: apply a one-character edit, re-check, assemble every finding) at 10,000 notes: ` +
      `p50 ${r.incrementalInProcess10k.p50} ms, p99 ${r.incrementalInProcess10k.p99} ms.`,
    '',
  );
  out.push(row(['core check, notes', 'bytes', 'findings', 'check', 'MB/s', 'floor', 'floor MB/s', 'check / floor']), row(Array(8).fill('---')));
  for (const c of r.core) out.push(row([n(c.notes), n(c.bytes), n(c.findings), ms(c.checkMs), c.MBps, ms(c.floorMs), c.floorMBps, `${c.ratioToFloor}×`]));
  out.push('');
  const large = r.cliLarge;
  out.push(
    `\`coding-notes check\`, process start included: one 10,000-note file (${n(r.cli.bytes)} bytes) ${ms(r.cli.ms)}, ${r.cli.MBps} MB/s; ` +
      `${n(large.notes)} notes in ${large.files} files (${(large.bytes / 1e6).toFixed(1)} MB):`,
    '',
    row(['format', '--concurrency', 'time', 'MB/s']),
    row(['---', '---', '---', '---']),
  );
  for (const run of large.runs) out.push(row([run.format, run.concurrency, ms(run.ms), run.MBps === null ? `failed: ${run.failure}` : run.MBps]));
  out.push('');
  const rel = r.releaseFileLoad;
  out.push(
    `Synthetic releases, zipped: OPCS-4 ${n(rel.opcs4.rows)} codes load in ${ms(rel.opcs4.ms.p50)} p50, ICD-10 ${n(rel.icd10.rows)} codes in ${ms(rel.icd10.ms.p50)}; ` +
      `completion over them p50 ${ms(rel.completionMs.p50)}, p99 ${ms(rel.completionMs.p99)}. Cold start (spawn → initialize result) p50 ${ms(r.coldStart.p50)}. ` +
      `Bundles: ${Object.entries(r.bundles)
        .map(([name, size]) => `${name} ${(size / 1024).toFixed(0)} KB`)
        .join(', ')}.`,
    '',
  );
  out.push(row(['target', 'this run', 'met']), row(['---', '---', '---']));
  for (const t of r.targets) out.push(row([t.target, t.value, t.met ? 'yes' : '**no**']));
  out.push('', END);
  return out.join('\n');
}

/** Replaces the block between the markers in `readme`; false when the markers are missing. */
export function writeIntoReadme(readmePath: string, block: string): boolean {
  const text = readFileSync(readmePath, 'utf8');
  const a = text.indexOf(START);
  const b = text.indexOf(END);
  if (a < 0 || b < a) return false;
  writeFileSync(readmePath, text.slice(0, a) + block + text.slice(b + END.length));
  return true;
}
