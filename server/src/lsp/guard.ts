// Every handler runs behind a guard: a failure is logged (never with note
// text, which may be clinical) and answered with an empty result, and the
// server keeps serving. A request the client cancelled while it ran is
// answered with the RequestCancelled error (-32800), as LSP asks.

import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
}

/**
 * What may be logged of an error: its kind and where it happened, not its
 * message. V8's stack starts with the error as text ("TypeError: message"), and
 * a message may hold note text, on lines of its own that look like stack
 * frames: only what follows that first part is looked at. When the stack does
 * not start with it (a message changed after the error was made), only the kind
 * is logged.
 */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const name = typeof e.name === 'string' && /^[A-Za-z_$][\w$]{0,63}$/.test(e.name) ? e.name : 'Error';
  let header: string;
  try {
    header = Error.prototype.toString.call(e);
  } catch {
    return name;
  }
  const stack = typeof e.stack === 'string' ? e.stack : '';
  if (!stack.startsWith(header)) return name;
  const frames = stack
    .slice(header.length)
    .split('\n')
    .filter((l) => /^ +at \S/.test(l))
    .slice(0, 8);
  return [name, ...frames].join('\n');
}

export function guarded<A extends unknown[], R>(log: Logger, name: string, fallback: R, handler: (...args: A) => R): (...args: A) => R;
export function guarded<A extends unknown[], R>(log: Logger, name: string, fallback: R, handler: (...args: A) => Promise<R>): (...args: A) => Promise<R>;
export function guarded<A extends unknown[], R>(log: Logger, name: string, fallback: R, handler: (...args: A) => R | Promise<R>) {
  const fail = (e: unknown) => {
    log.error(`coding-notes: ${name} failed: ${describeError(e)}`);
    return fallback;
  };
  return (...args: A) => {
    const cancelled = (answer: R): R =>
      cancellationToken(args)?.isCancellationRequested ? (new ResponseError(LSPErrorCodes.RequestCancelled, 'request cancelled') as R) : answer;
    try {
      const result = handler(...args);
      return result instanceof Promise ? result.then(cancelled, fail) : cancelled(result);
    } catch (e) {
      return fail(e);
    }
  };
}

/** A request's handler gets the cancellation token after its params; notifications have none. */
function cancellationToken(args: readonly unknown[]): { isCancellationRequested: boolean } | undefined {
  const token = args[1];
  return typeof token === 'object' && token !== null && typeof (token as { isCancellationRequested?: unknown }).isCancellationRequested === 'boolean'
    ? (token as { isCancellationRequested: boolean })
    : undefined;
}
