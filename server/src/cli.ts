// `coding-notes`: the command line. Everything that can go wrong ends in one
// line on stderr and an exit status, never a stack trace.

import { resolve } from 'node:path';
import { version } from '../../package.json';
import { parseArgs, helpText, UsageError } from './cli/args';
import type { Command } from './cli/args';
import { runCheckInterruptibly, EXIT_CLEAN, EXIT_TROUBLE } from './cli/check';
import type { CliIo } from './cli/check';
import { describeError } from './node/errors';
import { runReport } from './cli/report-command';
import { runClassifications } from './cli/classifications';
import { readAllStdin } from './cli/stdin';
import { writeFileAtomically } from './cli/write';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`coding-notes: ${e.message}. Run 'coding-notes --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  // --output-file: the report is kept and written at the end, atomically.
  const outputFile = command.kind === 'check' || command.kind === 'report' || command.kind === 'classifications' ? (command.options.outputFile ?? null) : null;
  const report: string[] = [];
  const io = {
    cwd: process.cwd(),
    version,
    // The bundle is dist/cli.js; the rule pages ship in docs/rules beside dist/.
    docsFolder: resolve(__dirname, '..', 'docs', 'rules'),
    stdout: outputFile === null ? (text: string) => process.stdout.write(text) : (text: string) => report.push(text),
    stderr: (text: string) => process.stderr.write(text),
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    // For the audit report's record of how it was asked for.
    argv: process.argv.slice(2),
    // Read only for `check --stdin`; a terminal waits for end of input (Ctrl-D), as ESLint does.
    readStdin: (limit: number) => readAllStdin(0, limit),
  };
  const status = await run(command, io);
  if (outputFile === null || !report.length) return status;
  const written = writeFileAtomically(resolve(io.cwd, outputFile), Buffer.from(report.join(''), 'utf8'));
  if (written.ok) return status;
  process.stderr.write(`coding-notes: cannot write the report to ${outputFile}: ${written.reason}\n`);
  return EXIT_TROUBLE;
}

async function run(command: Command, io: CliIo): Promise<number> {
  switch (command.kind) {
    case 'help':
      process.stdout.write(helpText(version));
      return EXIT_CLEAN;
    case 'version':
      process.stdout.write(`${version}\n`);
      return EXIT_CLEAN;
    case 'check':
      return runCheckInterruptibly(command.options, io);
    case 'report':
      return runReport(command.options, io);
    case 'classifications':
      return runClassifications(command.options, io);
  }
}

function fail(e: unknown): void {
  try {
    process.stderr.write(`coding-notes: internal error: ${describeError(e)}\n`);
  } finally {
    process.exit(EXIT_TROUBLE);
  }
}

// A reader that stops early (`| head`) is not an error of ours.
process.stdout.on('error', (e: NodeJS.ErrnoException) => {
  if (e.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_CLEAN);
  fail(e);
});
process.on('uncaughtException', fail);

// Not process.exit(): that could cut off output still flowing into a pipe.
main(process.argv.slice(2)).then((status) => {
  process.exitCode = status;
}, fail);
