// `coding-notes`: the command line. Everything that can go wrong ends in one
// line on stderr and an exit status, never a stack trace.

import { resolve } from 'node:path';
import { version } from '../../package.json';
import { parseArgs, UsageError } from './cli/args';
import { helpText } from './cli/help';
import type { Command } from './cli/args';
import { runCheckInterruptibly, EXIT_CLEAN, EXIT_TROUBLE } from './cli/check';
import type { CliIo } from './cli/check';
import { describeError } from './node/errors';
import { runReport } from './cli/report-command';
import { runClassifications } from './cli/classifications';
import { readAllStdin } from './cli/stdin';
import { deferSignals, ReportFile } from './cli/write';
import { isCheckWorker, serveChecks } from './cli/pool';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`coding-notes: ${e.message}. Run 'coding-notes --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  // --output-file: the report goes to a temporary file as it is made, renamed into place at the end.
  const outputFile = command.kind === 'check' || command.kind === 'report' || command.kind === 'classifications' ? (command.options.outputFile ?? null) : null;
  const report = outputFile === null ? null : new ReportFile(resolve(process.cwd(), outputFile));
  // While it is written, a signal stops the run between two files, and the temporary file goes.
  const signals = report ? deferSignals() : undefined;
  const io = {
    cwd: process.cwd(),
    version,
    // The bundle is dist/cli.js; the rule pages ship in docs/rules beside dist/.
    docsFolder: resolve(__dirname, '..', 'docs', 'rules'),
    stdout: report === null ? (text: string | Uint8Array) => process.stdout.write(text) : (text: string | Uint8Array) => report.write(text),
    stderr: (text: string) => process.stderr.write(text),
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    // For the audit report's record of how it was asked for.
    argv: process.argv.slice(2),
    // Read only for `check --stdin`; a terminal waits for end of input (Ctrl-D), as ESLint does.
    readStdin: (limit: number) => readAllStdin(0, limit),
    outputDrained: report === null ? stdoutDrained : undefined,
    // Worker threads run this same bundle (see the end of this file).
    workerScript: __filename,
    signals,
  };
  try {
    const status = await run(command, io);
    if (!report) return status;
    if (signals?.caught()) {
      report.abort();
      return status;
    }
    const written = report.commit();
    if (written.ok) return status;
    process.stderr.write(`coding-notes: cannot write the report to ${outputFile}: ${written.reason}\n`);
    return EXIT_TROUBLE;
  } finally {
    report?.abort();
    signals?.release();
  }
}

/** Resolves once stdout has taken what it was given (at once when nothing waits). */
function stdoutDrained(): Promise<void> {
  if (!process.stdout.writableNeedDrain) return Promise.resolve();
  return new Promise((done) => {
    const settle = () => {
      process.stdout.off('drain', settle);
      process.stdout.off('close', settle);
      done();
    };
    process.stdout.on('drain', settle);
    process.stdout.on('close', settle);
  });
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

if (isCheckWorker()) {
  // A worker thread of `check` (cli/pool.ts): it checks the files it is sent, and nothing else.
  serveChecks();
} else {
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
}
