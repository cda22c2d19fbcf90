// `coding-notes report`: the audit report over files on disk, with the same
// file walk, configuration look-up and checks as `check`. Writes the report to
// stdout; exit 0, or 2 for unreadable input or an invalid configuration (the
// report then covers the files that could be checked, and lists the others with
// why). The report is a record: when it was made, by which version, under which
// configuration files (with a SHA-256 of each), and what it did not check.

import { isAbsolute, relative, sep } from 'node:path';
import type { ReportOptions } from './args';
import type { CliIo } from './check';
import { EXIT_CLEAN, EXIT_TROUBLE, decodeOptions, findInputs, settingsOf } from './check';
import { notCheckedBySearch } from './inputs';
import { CliConfigs } from './configs';
import { readNoteFile } from '../node/textfile';
import { reportTime, RunRecord, sha256Of } from '../node/report-record';
import { auditFile, buildAudit, releasesOf, renderReport } from '../report';
import type { AuditClassification, AuditFileInput, AuditInvocation } from '../report';

export function runReport(options: ReportOptions, io: CliIo, env: Readonly<Record<string, string | undefined>> = process.env): number {
  let trouble = false;
  const complain = (line: string) => {
    trouble = true;
    io.stderr(`coding-notes: ${line}\n`);
  };
  const clock = reportTime(env);
  if (clock.problem) io.stderr(`coding-notes: ${clock.problem}\n`);

  const configs = new CliConfigs(options.config, io.cwd, complain, (line) => io.stderr(`coding-notes: ${line}\n`));
  // An unusable --config is said once; the report is still written, every note in it not checked.
  if (configs.forcedProblem) complain(configs.forcedProblem);
  // The record names files relative to the working folder, `../` included, so that a report
  // reads the same on every machine (an absolute path would name this machine's folders).
  const name = (path: string) => {
    const rel = relative(io.cwd, path);
    return rel && !isAbsolute(rel) ? rel.split(sep).join('/') : path;
  };
  const record = new RunRecord(name);

  const found = findInputs(options, io, complain);
  for (const item of notCheckedBySearch(found)) record.notChecked(item);

  const files: AuditFileInput[] = [];
  const classifications: AuditClassification[] = [];
  for (const input of found.inputs) {
    const ws = configs.forFile(input.path);
    if (!ws) {
      // Only a configuration file can be invalid (the defaults never are).
      record.notChecked({ path: input.display, reason: configs.notCheckedReason(input.path) });
      continue;
    }
    const read = readNoteFile(input.path, options.maxFileSize, decodeOptions(options));
    if (!read.ok) {
      complain(`cannot read ${input.display}: ${read.reason}`);
      record.notChecked({ path: input.display, reason: read.reason });
      continue;
    }
    const settings = settingsOf(ws, options);
    record.checked(ws.configPath, ws.engine, settings);
    releasesOf(ws.engine, classifications);
    files.push(auditFile(ws.engine, settings, input.display, read.note.text));
  }
  // Every ignore file the search read (the working folder's, and each folder given's), with its digest.
  const ignoreFiles = found.ignoreFiles.map((path) => {
    const digest = sha256Of(path, 'config');
    return { path: name(path), sha256: digest.ok ? digest.sha256 : null };
  });
  const invocation: AuditInvocation = { arguments: [...(io.argv ?? [])], inlineConfig: options.inlineConfig, ignoreFiles };
  const audit = buildAudit({ files, packs: record.packInfo(), classifications, run: { ...record.run(clock.time, io.version), invocation } });
  io.stdout(renderReport(audit, options.format));
  return trouble ? EXIT_TROUBLE : EXIT_CLEAN;
}
