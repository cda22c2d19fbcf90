// `coding-notes classifications [--format text|json] [--config FILE] [folder]`:
// what the configuration in force for a folder loads for OPCS-4 and ICD-10 (an
// official release: its file, format, version, code count and load time; or
// the bundled subset), so a team lead can see that the right release is in
// force. Exit 0, or 2 when the configuration or a release file has a problem.

import { existsSync, statSync } from 'node:fs';
import { dirname, resolve } from 'node:path';
import { loadWorkspace } from '../node/workspace';
import type { ConfigProblem } from '../node/workspace';
import { CLASSIFICATION_NAMES } from '../core/terminology';
import type { Classification, ReleaseSummary } from '../core/terminology';
import type { ClassificationsOptions } from './args';
import type { CliIo } from './check';
import { EXIT_CLEAN, EXIT_TROUBLE } from './check';
import { configPathIn, shownPath } from './configs';

export interface ClassificationReport {
  classification: Classification;
  /** `release`: an official release is loaded; `bundled`: the bundled subset alone. */
  source: 'release' | 'bundled';
  /** The codes the checks know for the classification. */
  codes: number;
  release: ReleaseSummary | null;
}

export function runClassifications(options: ClassificationsOptions, io: CliIo): number {
  const target = resolve(io.cwd, options.path ?? '.');
  if (options.path !== null && !existsSync(target)) {
    io.stderr(`coding-notes: no such file or folder: ${options.path}\n`);
    return EXIT_TROUBLE;
  }
  const folder = existsSync(target) && !statSync(target).isDirectory() ? dirname(target) : target;
  const configPath = configPathIn(folder, options.config, io.cwd);
  const ws = loadWorkspace(configPath, { trusted: true });
  const reports: ClassificationReport[] = (['opcs4', 'icd10'] as const).map((cls) => {
    const release = ws.engine.terms.release(cls);
    return { classification: cls, source: release ? 'release' : 'bundled', codes: ws.engine.terms.size(cls), release };
  });
  const shown = (p: string) => shownPath(p, io.cwd);

  if (options.format === 'json') {
    io.stdout(
      JSON.stringify(
        {
          // As `check --print-config` shows it: relative to the working folder where inside it.
          configFile: configPath ? shown(configPath) : null,
          classifications: reports,
          problems: ws.problems.map((p) => ({ file: p.file, line: p.line + 1, message: p.message })),
        },
        null,
        2,
      ) + '\n',
    );
  } else {
    const out: string[] = [configPath ? `Configuration: ${shown(configPath)}` : 'No .codingnotes.json: the defaults (the bundled tables)'];
    if (configPath && reports.some((r) => r.release?.file)) out.push('  (release files are named as it names them: relative to its folder)');
    for (const r of reports) {
      const name = CLASSIFICATION_NAMES[r.classification];
      if (!r.release) {
        out.push(`${name}: the bundled subset, ${count(r.codes)} codes with a sourced title (no release file loaded)`);
        continue;
      }
      const rel = r.release;
      out.push(`${name}: ${rel.label}, ${count(rel.codes)} codes${marks(rel)}`);
      out.push(`  file:    ${rel.file ?? 'given by the configuration'}`);
      out.push(`  format:  ${rel.format ?? 'unknown'}`);
      out.push(`  version: ${rel.version ?? 'not stated by the files (neither their names nor their content)'}`);
      if (rel.loadMs !== null) out.push(`  loaded in ${rel.loadMs} ms`);
      if (rel.fifthCharacter)
        out.push(`  ${count(rel.fifthCharacter)} code${rel.fifthCharacter === 1 ? '' : 's'} with a fifth character left out (notes do not use them)`);
    }
    io.stdout(out.join('\n') + '\n');
  }
  for (const p of ws.problems) io.stderr(`coding-notes: ${p.release === 'partial' ? 'warning: ' : ''}${problemLine(p, shown)}\n`);
  // A release read with some unreadable lines is loaded: a warning, not a failure.
  return ws.problems.some((p) => p.release !== 'partial') ? EXIT_TROUBLE : EXIT_CLEAN;
}

function count(n: number): string {
  return n.toLocaleString('en-GB');
}

function marks(r: ReleaseSummary): string {
  const parts: string[] = [];
  if (r.categories) parts.push(`${count(r.categories)} category headings`);
  if (r.daggers) parts.push(`${count(r.daggers)} dagger`);
  if (r.asterisks) parts.push(`${count(r.asterisks)} asterisk`);
  return parts.length ? ` (${parts.join(', ')})` : '';
}

function problemLine(p: ConfigProblem, shown: (path: string) => string): string {
  return `${shown(p.file)}:${p.line + 1}: ${p.message}`;
}
