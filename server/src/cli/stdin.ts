// All of standard input, read synchronously (the check itself is synchronous).
// readFileSync(0) fails with EAGAIN when standard input is a non-blocking pipe
// (some parents set it up so), and with EOF when it is closed on Windows; read
// it piece by piece then, waiting a little whenever nothing is there yet.

import { readSync } from 'node:fs';
import { formatSize } from '../node/safe-read';

const CHUNK = 64 * 1024;

/** All of standard input; throws once it passes `limit` bytes (0: no limit), so `< /dev/zero` cannot exhaust memory. */
export function readAllStdin(fd = 0, limit = 0): Buffer {
  const chunks: Buffer[] = [];
  let total = 0;
  const wait = new Int32Array(new SharedArrayBuffer(4));
  for (;;) {
    const chunk = Buffer.allocUnsafe(CHUNK);
    let n: number;
    try {
      n = readSync(fd, chunk, 0, CHUNK, null);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === 'EAGAIN') {
        Atomics.wait(wait, 0, 0, 10);
        continue;
      }
      // A pipe closed by the writer, as Windows reports it: the text ends here.
      if (code === 'EOF') break;
      throw e;
    }
    if (n === 0) break;
    chunks.push(chunk.subarray(0, n));
    total += n;
    if (limit > 0 && total > limit) throw new Error(`it is over the limit of ${formatSize(limit)} for notes (--max-file-size)`);
  }
  return Buffer.concat(chunks);
}
