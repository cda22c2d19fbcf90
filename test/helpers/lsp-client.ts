// A small LSP client for tests: starts the bundled language server as a real
// process and talks JSON-RPC to it over stdio with Content-Length framing, as
// an editor would.

import { spawn, ChildProcessWithoutNullStreams } from 'node:child_process';
import { join } from 'node:path';

/** Only guards against a hang: a healthy server answers long before. */
const WAIT_MS = 20_000;

interface Message {
  jsonrpc: '2.0';
  id?: number | string;
  method?: string;
  params?: unknown;
  result?: unknown;
  error?: { code: number; message: string };
}

export interface PublishedDiagnostics {
  uri: string;
  version?: number;
  diagnostics: LspDiagnostic[];
}

export interface LspDiagnostic {
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity?: number;
  code?: string | number;
  codeDescription?: { href: string };
  source?: string;
  message: string;
  relatedInformation?: { location: { uri: string; range: LspDiagnostic['range'] }; message: string }[];
}

type RequestHandler = (params: any) => unknown;

function frame(message: Message): Buffer {
  const body = Buffer.from(JSON.stringify(message), 'utf8');
  return Buffer.concat([Buffer.from(`Content-Length: ${body.length}\r\n\r\n`, 'ascii'), body]);
}

export class LspClient {
  private readonly child: ChildProcessWithoutNullStreams;
  private buffer = Buffer.alloc(0);
  private nextId = 1;
  private readonly pending = new Map<number, { resolve: (v: any) => void; reject: (e: Error) => void; method: string }>();
  private readonly requestHandlers = new Map<string, RequestHandler>();
  private readonly notifications: Message[] = [];
  private readonly waiters = new Set<() => void>();
  readonly exited: Promise<number | null>;
  stderr = '';

  constructor(args: string[] = ['--stdio']) {
    this.child = spawn(process.execPath, ['--enable-source-maps', join(process.cwd(), 'dist', 'server.js'), ...args], {
      stdio: ['pipe', 'pipe', 'pipe'],
    });
    this.child.stdout.on('data', (chunk: Buffer) => this.receive(chunk));
    this.child.stderr.on('data', (chunk: Buffer) => (this.stderr += chunk.toString('utf8')));
    this.exited = new Promise((resolve) => this.child.on('exit', (code) => resolve(code)));
    void this.exited.then(() => {
      for (const p of this.pending.values()) p.reject(new Error(`server exited during ${p.method}; stderr: ${this.stderr}`));
      this.pending.clear();
      this.wake();
    });
    // Answers that the server asks of every client; tests may replace them.
    this.onRequest('client/registerCapability', () => null);
    this.onRequest('window/workDoneProgress/create', () => null);
  }

  onRequest(method: string, handler: RequestHandler): void {
    this.requestHandlers.set(method, handler);
  }

  request<T = any>(method: string, params: unknown): Promise<T> {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return withTimeout(answer, `an answer to ${method}`);
  }

  /** A request whose id the test knows, to cancel it with `$/cancelRequest` while it runs. */
  requestWithId<T = any>(method: string, params: unknown): { id: number; answer: Promise<T> } {
    const id = this.nextId++;
    const answer = new Promise<T>((resolve, reject) => this.pending.set(id, { resolve, reject, method }));
    this.send({ jsonrpc: '2.0', id, method, params });
    return { id, answer: withTimeout(answer, `an answer to ${method}`) };
  }

  notify(method: string, params: unknown): void {
    this.send({ jsonrpc: '2.0', method, params });
  }

  /** Several notifications in one write, as a client sends what piled up (keys typed while the server was busy). */
  notifyAll(notifications: { method: string; params: unknown }[]): void {
    this.child.stdin.write(Buffer.concat(notifications.map(({ method, params }) => frame({ jsonrpc: '2.0', method, params }))));
  }

  /** Every notification of a method received so far, oldest first. */
  received(method: string): any[] {
    return this.notifications.filter((m) => m.method === method).map((m) => m.params);
  }

  /** Waits for a notification (already received after `since`, or still to come) that satisfies `test`. */
  async waitFor<T = any>(method: string, test: (params: T) => boolean = () => true, since = 0): Promise<T> {
    const find = () => this.notifications.slice(since).find((m) => m.method === method && test(m.params as T));
    return withTimeout(
      new Promise<T>((resolve, reject) => {
        const check = () => {
          const hit = find();
          if (hit) {
            this.waiters.delete(check);
            resolve(hit.params as T);
          } else if (this.child.exitCode !== null) {
            this.waiters.delete(check);
            reject(new Error(`server exited while waiting for ${method}; stderr: ${this.stderr}`));
          }
        };
        this.waiters.add(check);
        check();
      }),
      `${method} notification`,
    );
  }

  /** How many notifications have arrived: pass it to waitFor as `since` to ignore older ones. */
  get mark(): number {
    return this.notifications.length;
  }

  /** The next diagnostics published for a document after `since` that satisfy `test`. */
  diagnostics(uri: string, test: (p: PublishedDiagnostics) => boolean = () => true, since = 0): Promise<PublishedDiagnostics> {
    return this.waitFor<PublishedDiagnostics>('textDocument/publishDiagnostics', (p) => p.uri === uri && test(p), since);
  }

  /** The diagnostics most recently published for a document, if any. */
  latestDiagnostics(uri: string): PublishedDiagnostics | undefined {
    return this.received('textDocument/publishDiagnostics')
      .filter((p: PublishedDiagnostics) => p.uri === uri)
      .pop();
  }

  async shutdown(): Promise<number | null> {
    await this.request('shutdown', null);
    this.notify('exit', null);
    return withTimeout(this.exited, 'the server to exit');
  }

  /** Ends the process whatever its state (for cleanup after a failed test). */
  kill(): void {
    if (this.child.exitCode === null) this.child.kill();
  }

  private send(message: Message): void {
    this.child.stdin.write(frame(message));
  }

  private receive(chunk: Buffer): void {
    this.buffer = Buffer.concat([this.buffer, chunk]);
    for (;;) {
      const headerEnd = this.buffer.indexOf('\r\n\r\n');
      if (headerEnd < 0) return;
      const header = this.buffer.subarray(0, headerEnd).toString('ascii');
      const length = Number(/Content-Length: *(\d+)/i.exec(header)?.[1]);
      if (!Number.isFinite(length)) throw new Error(`bad header from the server: ${header}`);
      const start = headerEnd + 4;
      if (this.buffer.length < start + length) return;
      const message = JSON.parse(this.buffer.subarray(start, start + length).toString('utf8')) as Message;
      this.buffer = this.buffer.subarray(start + length);
      this.dispatch(message);
    }
  }

  private dispatch(message: Message): void {
    if (message.method !== undefined && message.id !== undefined) {
      // A request from the server to the client.
      const handler = this.requestHandlers.get(message.method);
      if (!handler) {
        this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32601, message: `no handler for ${message.method}` } });
        return;
      }
      Promise.resolve()
        .then(() => handler(message.params))
        .then(
          (result) => this.send({ jsonrpc: '2.0', id: message.id, result: result ?? null }),
          (e: Error) => this.send({ jsonrpc: '2.0', id: message.id, error: { code: -32603, message: e.message } }),
        );
    } else if (message.method !== undefined) {
      this.notifications.push(message);
      this.wake();
    } else if (typeof message.id === 'number') {
      const waiting = this.pending.get(message.id);
      if (!waiting) return;
      this.pending.delete(message.id);
      if (message.error) waiting.reject(new Error(`${waiting.method}: ${message.error.message}`));
      else waiting.resolve(message.result);
    }
  }

  private wake(): void {
    for (const check of [...this.waiters]) check();
  }
}

function withTimeout<T>(promise: Promise<T>, what: string): Promise<T> {
  let timer: NodeJS.Timeout;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no ${what} within ${WAIT_MS / 1000} s (the server may hang)`)), WAIT_MS);
  });
  return Promise.race([promise, timeout]).finally(() => clearTimeout(timer));
}
