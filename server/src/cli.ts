// `coding-notes`: the command line. Everything that can go wrong ends in one
// line on stderr and an exit status, never a stack trace.

import { resolve } from 'node:path';
import { version } from '../../package.json';
import { parseArgs, helpText, UsageError } from './cli/args';
import { runCheckInterruptibly, EXIT_CLEAN, EXIT_TROUBLE } from './cli/check';
import { describeError } from './cli/errors';
import { runReport } from './cli/report-command';
import { runClassifications } from './cli/classifications';
import { readAllStdin } from './cli/stdin';

async function main(argv: readonly string[]): Promise<number> {
  let command;
  try {
    command = parseArgs(argv);
  } catch (e) {
    if (!(e instanceof UsageError)) throw e;
    process.stderr.write(`coding-notes: ${e.message}. Run 'coding-notes --help' for usage.\n`);
    return EXIT_TROUBLE;
  }
  const io = {
    cwd: process.cwd(),
    version,
    // The bundle is dist/cli.js; the rule pages ship in docs/rules beside dist/.
    docsFolder: resolve(__dirname, '..', 'docs', 'rules'),
    stdout: (text: string) => process.stdout.write(text),
    stderr: (text: string) => process.stderr.write(text),
    stderrIsTerminal: Boolean(process.stderr.isTTY),
    // Read only for `check --stdin`; a terminal waits for end of input (Ctrl-D), as ESLint does.
    readStdin: (limit: number) => readAllStdin(0, limit),
  };
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
