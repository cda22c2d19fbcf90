// Every handler runs behind a guard: a failure is logged (never with note
// text, which may be clinical) and answered with an empty result, and the
// server keeps serving. A request the client cancelled while it ran is
// answered with the RequestCancelled error (-32800), as LSP asks.

import { LSPErrorCodes, ResponseError } from 'vscode-languageserver/node';

export interface Logger {
  error(message: string): void;
}

/** What may be logged of an error: its kind and where it happened, not its message. */
export function describeError(e: unknown): string {
  if (!(e instanceof Error)) return typeof e;
  const frames = (e.stack ?? '').split('\n').filter((l) => /^\s+at /.test(l)).slice(0, 8);
  return [e.name, ...frames].join('\n');
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
