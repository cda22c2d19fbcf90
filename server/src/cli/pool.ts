// Worker threads for `coding-notes check` over many files: each worker loads
// a configuration (and its engine) once, then checks the files it is given
// and sends back each file's part of the report (check-file.ts). The main
// thread hands files out in input order and writes the parts in input order
// (check.ts). The worker's code is the CLI bundle itself (dist/cli.js started
// as a worker runs serveChecks instead of the command line).

import { statSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { Worker, parentPort, workerData } from 'node:worker_threads';
import type { CheckOptions } from './args';
import type { Encoding } from '../node/textfile';
import { readNoteFile } from '../node/textfile';
import { loadWorkspace } from '../node/workspace';
import type { Workspace } from '../node/workspace';
import { describeError } from '../node/errors';
import { checkFile, ENCODING_ADVICE } from './check-file';
import type { FileCheckOptions, FileOutcome, FileSource } from './check-file';

/**
 * With `--concurrency auto`, worker threads are used once the files to check
 * hold at least this many bytes (a worker takes some 100 ms to start and load
 * its engine; this thread checks about a megabyte in a second on a loaded machine).
 */
export const AUTO_WORKERS_MIN_BYTES = 1 << 20;

/** How many worker threads check the files: none for one file, standard input, or (with `auto`) a small run. */
export function workerCount(options: Pick<CheckOptions, 'concurrency' | 'stdin'>, sources: readonly { path: string }[], io: { workerScript?: string }): number {
  if (!io.workerScript || options.stdin || sources.length < 2) return 0;
  if (options.concurrency !== 'auto') return options.concurrency > 1 ? Math.min(options.concurrency, sources.length) : 0;
  const cores = availableParallelism();
  if (cores < 2) return 0;
  let bytes = 0;
  for (const source of sources) {
    try {
      bytes += statSync(source.path).size;
    } catch {
      // Its read says what is wrong with it.
    }
    if (bytes >= AUTO_WORKERS_MIN_BYTES) return Math.min(cores, sources.length);
  }
  return 0;
}

/** What every worker of a run is started with. */
export interface WorkerSetup {
  options: FileCheckOptions;
  maxFileSize: number;
  encoding: Encoding | null;
}

/** One file for a worker: where its configuration is (null: the defaults), and the rule ids' indexes when they changed since the last task. */
export interface WorkerTask extends FileSource {
  id: number;
  configPath: string | null;
  ruleIndex?: Map<string, number>;
}

type WorkerReply = { id: number; outcome: FileOutcome } | { id: number; error: string };

/** A marker in workerData, so that the bundle knows it was started as a check worker. */
const ROLE = 'coding-notes check worker';

/** True in a thread that pool.ts started: the bundle then serves checks instead of running the command line. */
export function isCheckWorker(): boolean {
  return parentPort !== null && (workerData as { role?: string } | null)?.role === ROLE;
}

/** The worker's side: check each file it is sent, with its configuration loaded once per thread. */
export function serveChecks(): void {
  const port = parentPort!;
  const setup = (workerData as { setup: WorkerSetup }).setup;
  const workspaces = new Map<string | null, Workspace>();
  let ruleIndex = new Map<string, number>();
  port.on('message', (task: WorkerTask) => {
    let reply: WorkerReply;
    const transfer: ArrayBuffer[] = [];
    try {
      if (task.ruleIndex) ruleIndex = task.ruleIndex;
      let ws = workspaces.get(task.configPath);
      if (!ws) workspaces.set(task.configPath, (ws = loadWorkspace(task.configPath, { trusted: true })));
      const read = readNoteFile(task.path, setup.maxFileSize, { encoding: setup.encoding, advice: ENCODING_ADVICE });
      const outcome = checkFile(task, read, ws, setup.options, { ruleIndex });
      // The report's text goes back as bytes whose memory moves to the main thread (no copy there, no encoding either).
      if (outcome.part) {
        outcome.part.chunks = outcome.part.chunks.map((c) => {
          const bytes = typeof c === 'string' ? new TextEncoder().encode(c) : c;
          if (bytes.byteOffset === 0 && bytes.byteLength === bytes.buffer.byteLength && bytes.buffer instanceof ArrayBuffer) transfer.push(bytes.buffer);
          return bytes;
        });
      }
      reply = { id: task.id, outcome };
    } catch (e) {
      reply = { id: task.id, error: describeError(e) };
    }
    port.postMessage(reply, transfer);
  });
}

interface Pending {
  task: WorkerTask;
  resolve(outcome: FileOutcome): void;
  reject(error: Error): void;
}

interface Slot {
  worker: Worker;
  busy: Pending | null;
  /** The rule index this worker last got. */
  ruleIndex: Map<string, number> | null;
}

/**
 * A fixed number of workers and a queue. A worker that fails (it throws outside
 * a task, or runs out of memory) fails the file it had, with the reason, and is
 * replaced for the files still to come.
 */
export class CheckPool {
  private readonly slots: Slot[] = [];
  private readonly queue: Pending[] = [];
  private closed = false;

  constructor(
    private readonly script: string,
    size: number,
    private readonly setup: WorkerSetup,
  ) {
    for (let i = 0; i < size; i++) this.slots.push(this.start());
  }

  private start(): Slot {
    const worker = new Worker(this.script, { workerData: { role: ROLE, setup: this.setup }, stdout: false, stderr: false });
    const slot: Slot = { worker, busy: null, ruleIndex: null };
    worker.on('message', (reply: WorkerReply) => {
      const pending = slot.busy;
      slot.busy = null;
      worker.unref();
      if (pending && pending.task.id === reply.id) {
        if ('error' in reply) pending.reject(new Error(reply.error));
        else pending.resolve(reply.outcome);
      }
      this.pump();
    });
    const lost = (why: string) => {
      const i = this.slots.indexOf(slot);
      if (i < 0) return;
      this.slots.splice(i, 1);
      const pending = slot.busy;
      slot.busy = null;
      pending?.reject(new Error(why));
      if (!this.closed) {
        this.slots.push(this.start());
        this.pump();
      }
    };
    worker.on('error', (e) => lost(`the worker thread checking it failed: ${describeError(e)}`));
    worker.on('exit', (code) => lost(`the worker thread checking it stopped (exit status ${code})`));
    // A worker waiting for work does not keep the process alive.
    worker.unref();
    return slot;
  }

  /** The file's outcome, from whichever worker is free first. */
  check(task: WorkerTask): Promise<FileOutcome> {
    return new Promise((resolve, reject) => {
      this.queue.push({ task, resolve, reject });
      this.pump();
    });
  }

  /** Hands queued files to idle workers; a worker gets the rule index only when it has changed. */
  private pump(): void {
    for (const slot of this.slots) {
      if (!this.queue.length) return;
      if (slot.busy) continue;
      const pending = this.queue.shift()!;
      const ruleIndex = pending.task.ruleIndex;
      const task: WorkerTask = { ...pending.task };
      if (ruleIndex && ruleIndex === slot.ruleIndex) delete task.ruleIndex;
      else if (ruleIndex) slot.ruleIndex = ruleIndex;
      slot.busy = pending;
      slot.worker.ref();
      slot.worker.postMessage(task);
    }
  }

  /** Stops every worker; files not yet checked are dropped. */
  async close(): Promise<void> {
    this.closed = true;
    for (const p of this.queue.splice(0)) p.reject(new Error('the run stopped'));
    await Promise.all(this.slots.map((s) => s.worker.terminate()));
  }
}
