// A lean LSP client over stdio for the benchmark: Content-Length framing,
// requests with answers, notifications waited for by a test. Buffers are
// joined once per message, so a large publishDiagnostics costs what parsing
// it costs and no more.

import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { readFileSync } from 'node:fs';

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: any;
  result?: any;
  error?: { code: number; message: string };
}

type Waiter = { method: string; test: (params: any) => boolean; resolve: (params: any) => void };

export class BenchClient {
  readonly child: ChildProcessWithoutNullStreams;
  private chunks: Buffer[] = [];
  private buffered = 0;
  private expected = -1;
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void }>();
  private waiters: Waiter[] = [];
  private readonly handlers = new Map<string, (params: any) => unknown>();
  /** The identifiers of the pull-diagnostic providers the server registered (`client/registerCapability`). */
  readonly diagnosticProviders: (string | undefined)[] = [];
  stderr = '';

  constructor(command: string, args: string[]) {
    this.child = spawn(command, args, { stdio: ['pipe', 'pipe', 'pipe'] });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => {
      if (this.stderr.length < 10_000) this.stderr += chunk.toString('utf8');
    });
    this.child.on('exit', () => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited; stderr: ${this.stderr}`));
      this.pending.clear();
    });
    this.onRequest('client/registerCapability', (params) => {
      for (const r of params?.registrations ?? []) if (r.method === 'textDocument/diagnostic') this.diagnosticProviders.push(r.registerOptions?.identifier);
      return null;
    });
    this.onRequest('window/workDoneProgress/create', () => null);
    this.onRequest('workspace/configuration', (params) => (params.items ?? []).map(() => null));
  }

  get pid(): number {
    return this.child.pid!;
  }

  onRequest(method: string, handler: (params: any) => unknown): void {
    this.handlers.set(method, handler);
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return answer;
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** The next notification of `method` (from now on) that passes `test`. */
  next<T = any>(method: string, test: (params: T) => boolean = () => true, timeoutMs = 120_000): Promise<T> {
    return new Promise<T>((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no ${method} within ${timeoutMs} ms; stderr: ${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        method,
        test,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** Resident set size of the server process, in bytes (Linux /proc; 0 elsewhere). */
  rss(): number {
    try {
      const status = readFileSync(`/proc/${this.pid}/status`, 'utf8');
      const kb = Number(/VmRSS:\s+(\d+)\s+kB/.exec(status)?.[1]);
      return Number.isFinite(kb) ? kb * 1024 : 0;
    } catch {
      return 0;
    }
  }

  async stop(): Promise<void> {
    try {
      await Promise.race([this.request('shutdown', null), new Promise((r) => setTimeout(r, 5000))]);
      this.notify('exit', null);
    } catch {
      // already gone
    }
    await new Promise((r) => setTimeout(r, 100));
    if (this.child.exitCode === null) this.child.kill();
  }

  private send(message: Message): void {
    const body = Buffer.from(JSON.stringify(message), 'utf8');
    this.child.stdin.write(`Content-Length: ${body.length}\r\n\r\n`);
    this.child.stdin.write(body);
  }

  private receive(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.buffered += chunk.length;
    for (;;) {
      // Joined only when a whole header, or a whole body, is there.
      if (this.expected < 0) {
        const buffer = this.join();
        const headerEnd = buffer.indexOf('\r\n\r\n');
        if (headerEnd < 0) return;
        this.expected = Number(/Content-Length: *(\d+)/i.exec(buffer.subarray(0, headerEnd).toString('ascii'))?.[1]);
        this.chunks = [buffer.subarray(headerEnd + 4)];
        this.buffered -= headerEnd + 4;
      }
      if (this.buffered < this.expected) return;
      const buffer = this.join();
      const body = buffer.subarray(0, this.expected);
      const rest = buffer.subarray(this.expected);
      this.expected = -1;
      this.chunks = rest.length ? [rest] : [];
      this.buffered = rest.length;
      this.dispatch(JSON.parse(body.toString('utf8')) as Message);
      if (!rest.length) return;
    }
  }

  private join(): Buffer {
    if (this.chunks.length !== 1) this.chunks = [Buffer.concat(this.chunks, this.buffered)];
    return this.chunks[0];
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      const handler = this.handlers.get(message.method);
      const result = handler ? handler(message.params) : null;
      this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null });
    } else if (message.method !== undefined) {
      for (const w of this.waiters) {
        if (w.method === message.method && w.test(message.params)) {
          this.waiters = this.waiters.filter((x) => x !== w);
          w.resolve(message.params);
          break;
        }
      }
    } else if (typeof message.id === 'number') {
      const p = this.pending.get(message.id);
      if (!p) return;
      this.pending.delete(message.id);
      if (message.error) p.reject(new Error(message.error.message));
      else p.resolve(message.result);
    }
  }
}

/**
 * Pull diagnostics as vscode-languageclient 9 does them: one diagnostic
 * collection per provider the server registered (or one for a provider it
 * declared at initialize), each pulled after every change with the result id it
 * holds; an `unchanged` answer keeps what the collection has. `pull` resolves
 * when every provider has answered and the answers are parsed (the client
 * parses each message as it arrives).
 */
export class DiagnosticPuller {
  private readonly held = new Map<string, { resultId?: string; count: number }>();

  constructor(
    private readonly client: BenchClient,
    private readonly uri: string,
  ) {}

  /** How many requests a change costs: one per registered provider, or one for a declared provider. */
  get providers(): number {
    return Math.max(1, this.client.diagnosticProviders.length);
  }

  /** Pulls every provider; resolves with the number of diagnostics the collections hold then. */
  async pull(): Promise<number> {
    const providers = this.client.diagnosticProviders.length ? this.client.diagnosticProviders : [undefined];
    await Promise.all(
      providers.map(async (identifier) => {
        const key = identifier ?? '';
        const previousResultId = this.held.get(key)?.resultId;
        const report = await this.client.request('textDocument/diagnostic', { textDocument: { uri: this.uri }, identifier, previousResultId });
        if (report.kind === 'full') this.held.set(key, { resultId: report.resultId, count: report.items.length });
      }),
    );
    let count = 0;
    for (const { count: n } of this.held.values()) count += n;
    return count;
  }
}
