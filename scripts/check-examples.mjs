// `npm run check:examples` (after the build): checks the sample notes in examples/ with the CLI.
// Problems in the samples are the point of the demo, so exit 1 ("errors remain")
// still counts as a successful run; a usage or input error (2) does not.
import { spawnSync } from 'node:child_process';

const r = spawnSync(process.execPath, ['dist/cli.js', 'check', 'examples'], { stdio: 'inherit' });
if (r.status === 0 || r.status === 1) {
  console.log(
    '\nThose are the problems in examples/. See what fix-all would change, without writing: node dist/cli.js check --fix-dry-run --format json examples',
  );
  console.log('For the editor, install the extension and open examples/ in VS Code (see README.md).');
  process.exit(0);
}
process.exit(r.status ?? 1);
