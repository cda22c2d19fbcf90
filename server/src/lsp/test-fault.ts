// Tests only: with CODING_NOTES_TEST_FAULT=check in the server's environment,
// checking a note that holds FAULT_MARKER throws, to prove that one note the
// checker fails on says so while the others are still checked. There is no
// input that makes the checker throw (the property tests say so), so this is
// the only way to reach that path. Nothing else reads the variable.

import type { Engine } from '../core/engine';

export const FAULT_MARKER = 'coding-notes-test-fault';

const ENABLED = process.env.CODING_NOTES_TEST_FAULT === 'check';
/** One faulty engine per engine, so the incremental checker keeps its results between checks. */
const faulty = new WeakMap<Engine, Engine>();

/** The engine, or (under the test variable) one whose `checkNote` throws on a note holding FAULT_MARKER. */
export function withTestFault(engine: Engine): Engine {
  if (!ENABLED) return engine;
  let wrapped = faulty.get(engine);
  if (!wrapped) {
    const own = Object.create(engine) as Engine;
    own.checkNote = (note, settings, options) => {
      for (let i = note.start; i <= note.end; i++) {
        // The message holds the note's text, as a real error might: the log must not show it.
        if (note.lines[i].includes(FAULT_MARKER)) throw new Error(`test fault in ${note.lines[i]}`);
      }
      return engine.checkNote(note, settings, options);
    };
    faulty.set(engine, (wrapped = own));
  }
  return wrapped;
}
