// `coding-notes report`: the audit report over files on disk, with the same
// file walk, configuration look-up and checks as `check`. Writes the report to
// stdout; exit 0, or 2 for unreadable input or an invalid configuration (the
// report then covers the files that could be checked).

import type { ReportOptions } from './args';
import type { CliIo } from './check';
import { EXIT_CLEAN, EXIT_TROUBLE, decodeOptions, findInputs, settingsOf } from './check';
import { CliConfigs } from './configs';
import { readNoteFile } from '../node/textfile';
import { auditFile, buildAudit, releasesOf, renderReport } from '../report';
import type { AuditClassification, AuditFileInput, PackInfo } from '../report';

export function runReport(options: ReportOptions, io: CliIo): number {
  let trouble = false;
  const complain = (line: string) => {
    trouble = true;
    io.stderr(`coding-notes: ${line}\n`);
  };

  const configs = new CliConfigs(options.config, io.cwd, complain);
  if (configs.forcedProblem) {
    complain(configs.forcedProblem);
    return EXIT_TROUBLE;
  }
  const workspaceFor = (path: string) => configs.forFile(path);

  const { inputs } = findInputs(options, io, complain);

  const files: AuditFileInput[] = [];
  const packs = new Map<string, PackInfo>();
  const classifications: AuditClassification[] = [];
  for (const input of inputs) {
    const ws = workspaceFor(input.path);
    if (!ws) continue;
    const read = readNoteFile(input.path, options.maxFileSize, decodeOptions(options));
    if (!read.ok) {
      complain(`cannot read ${input.display}: ${read.reason}`);
      continue;
    }
    for (const p of ws.engine.packs) if (!packs.has(p.id)) packs.set(p.id, { id: p.id, title: p.title, url: p.source.url });
    releasesOf(ws.engine, classifications);
    files.push(auditFile(ws.engine, settingsOf(ws, options), input.display, read.note.text));
  }
  io.stdout(renderReport(buildAudit({ files, packs: [...packs.values()], classifications }), options.format));
  return trouble ? EXIT_TROUBLE : EXIT_CLEAN;
}
