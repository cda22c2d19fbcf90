// `coding-notes report`: the audit report over files on disk, with the same
// file walk, configuration look-up and checks as `check`. Writes the report to
// stdout; exit 0, or 2 for unreadable input or an invalid configuration (the
// report then covers the files that could be checked).

import { dirname, resolve } from 'node:path';
import { findConfig, loadWorkspace, Workspace } from '../node/workspace';
import type { ReportOptions } from './args';
import type { CliIo } from './check';
import { EXIT_CLEAN, EXIT_TROUBLE, configLine } from './check';
import { collectInputs, skippedLine } from './walk';
import { readNoteFile } from './textfile';
import { auditFile, buildAudit, releasesOf, renderReport } from '../report';
import type { AuditClassification, AuditFileInput, PackInfo } from '../report';

export function runReport(options: ReportOptions, io: CliIo): number {
  let trouble = false;
  const complain = (line: string) => {
    trouble = true;
    io.stderr(`coding-notes: ${line}\n`);
  };

  let forced: Workspace | null = null;
  if (options.config !== null) {
    forced = loadWorkspace(resolve(io.cwd, options.config), { trusted: true });
    if (forced.problems.length) {
      complain(configLine(forced.problems, io.cwd));
      return EXIT_TROUBLE;
    }
  }
  const workspaces = new Map<string | null, Workspace | null>();
  const workspaceFor = (path: string): Workspace | null => {
    if (forced) return forced;
    const configPath = findConfig(dirname(path));
    if (workspaces.has(configPath)) return workspaces.get(configPath)!;
    const ws = loadWorkspace(configPath, { trusted: true });
    const usable = ws.problems.length ? null : ws;
    if (!usable) complain(`${configLine(ws.problems, io.cwd)} (its notes were not checked)`);
    workspaces.set(configPath, usable);
    return usable;
  };

  const { inputs, problems, emptyFolders, skipped } = collectInputs(options.paths, io.cwd, { followSymlinks: options.followSymlinks });
  for (const p of problems) complain(p);
  for (const link of skipped) io.stderr(`coding-notes: ${skippedLine(link)}\n`);
  for (const folder of emptyFolders) io.stderr(`coding-notes: no .codingnote files in ${folder}\n`);

  const files: AuditFileInput[] = [];
  const packs = new Map<string, PackInfo>();
  const classifications: AuditClassification[] = [];
  for (const input of inputs) {
    const ws = workspaceFor(input.path);
    if (!ws) continue;
    const read = readNoteFile(input.path, options.maxFileSize);
    if (!read.ok) {
      complain(`cannot read ${input.display}: ${read.reason}`);
      continue;
    }
    for (const p of ws.engine.packs) if (!packs.has(p.id)) packs.set(p.id, { id: p.id, title: p.title, url: p.source.url });
    releasesOf(ws.engine, classifications);
    files.push(auditFile(ws.engine, ws.settings, input.display, read.note.text));
  }
  io.stdout(renderReport(buildAudit({ files, packs: [...packs.values()], classifications }), options.format));
  return trouble ? EXIT_TROUBLE : EXIT_CLEAN;
}
