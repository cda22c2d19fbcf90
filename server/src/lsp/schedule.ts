// When a document is checked after a change.
//
// As shipped there is no fixed delay: a change is checked as soon as the
// messages already read have been handled. The connection handles one message
// per turn of the event loop, and a check waits two turns, so a change that was
// already waiting behind this one (keys typed while a check ran pile up in the
// pipe and are read together) makes this check stale before it starts: a burst
// is checked once, at its newest version, and a change after a quiet moment is
// checked at once. A delay (`initializationOptions.debounceMs`, for tests and
// the benchmark) waits that long instead, a newer change restarting the wait.

/** What a document keeps for its scheduled check. */
export interface Scheduled {
  /** Bumped by every change: a check runs and publishes only while its generation is current. */
  generation: number;
  /** The delayed check waiting to start (only with a delay). */
  timer?: NodeJS.Timeout;
}

/** Generations are numbered across documents, so a check begun before a close and reopen never counts as current. */
let generations = 0;

/** Schedules a check of the document; `run` gets the generation it checks, and runs only while that is still current. */
export function scheduleCheck(state: Scheduled, delayMs: number, run: (generation: number) => void): void {
  clearTimeout(state.timer);
  state.timer = undefined;
  const generation = (state.generation = ++generations);
  const start = () => {
    if (state.generation === generation) run(generation);
  };
  if (delayMs > 0) state.timer = setTimeout(start, delayMs);
  else setImmediate(() => setImmediate(start));
}

/** No check of the document starts any more (it closed, or the server shuts down). */
export function cancelCheck(state: Scheduled): void {
  clearTimeout(state.timer);
  state.timer = undefined;
  state.generation = -1;
}
