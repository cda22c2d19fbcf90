// Checking takes time linear in the note (issue 16): a run of one character in
// any place of a field line, and a field repeated thousands of times, cost no
// more per character (per field) than a small note does.
//
// Timing-free in the sense that no absolute time is asserted: the same input
// shape is checked small and large, and the cost per unit must stay within a
// limit times the small one's. Linear code stays near 1 (a few times more at
// 1 MB, from garbage collection and a loaded machine); a quadratic path gives
// the size ratio itself (256 at 256 KB against 1 KB, 1,000 at 1 MB). The middle
// size ends a quadratic case early (in seconds, not the minutes 1 MB would take).

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Engine } from '../server/src/core/engine';
import { readConfigJson, tooDeepAt, validateConfig } from '../server/src/core/config';

const engine = new Engine();
/** Every rule on and IPG369 configured, so every rule's path is taken. */
const ALL_ON = { rules: Object.fromEntries([...engine.ruleIds].map((id) => [id, 'warning' as const])), guidance: ['IPG369'] };

/** How much more a character may cost in a 1 MB input than in a 1 KB one (linear code stays under 12 on a loaded machine). */
const LIMIT = 40;
/** How much more a field may cost among 10,000 than among 100 (linear code stays under 6; quadratic reaches 40 and more). */
const FIELD_LIMIT = 20;

/** Milliseconds per call: the least over a few batches, each repeated until it has run for `batchMs`. */
function msPerCall(f: () => void, batchMs: number, batches: number): number {
  let best = Infinity;
  for (let b = 0; b < batches; b++) {
    let calls = 0;
    const started = performance.now();
    let elapsed: number;
    do {
      f();
      calls++;
      elapsed = performance.now() - started;
    } while (elapsed < batchMs);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}

/**
 * Asserts that `run(make(n))` costs at most `limit` times more per unit at each
 * of `sizes` than at the first. A large size is timed once; one that ran for
 * less than 100 ms, or came out over the limit, is timed again (the least
 * counts: a pause of the machine is not a quadratic path).
 */
function assertLinear(
  name: string,
  make: (n: number) => string,
  sizes: readonly number[],
  { run = (t: string) => void engine.check(t, ALL_ON), limit = LIMIT }: { run?: (text: string) => void; limit?: number } = {},
): void {
  const small = make(sizes[0]);
  run(small); // warm up
  const base = msPerCall(() => run(small), 10, 3) / sizes[0];
  for (const n of sizes.slice(1)) {
    const text = make(n);
    let ms = msPerCall(() => run(text), 0, 1);
    if (ms < 100)
      ms = Math.min(
        ms,
        msPerCall(() => run(text), 30, 2),
      );
    else if (ms / n > limit * base)
      ms = Math.min(
        ms,
        msPerCall(() => run(text), 0, 1),
      );
    const ratio = ms / n / base;
    if (process.env.COMPLEXITY_VERBOSE) console.log(`${name}: ${n} ${ratio.toFixed(1)}`);
    assert.ok(
      ratio <= limit,
      `${name}: a unit costs ${ratio.toFixed(0)} times more at ${n.toLocaleString('en-GB')} than at ${sizes[0].toLocaleString('en-GB')} ` +
        `(${ms.toFixed(0)} ms against ${(base * sizes[0]).toFixed(2)} ms; linear is near 1, quadratic ${Math.round(n / sizes[0])}; the limit is ${limit})`,
    );
  }
}

const BYTES = [1_000, 256_000, 1_000_000];

/** Every place of a field line where a run of one character can be, `R` marking it. */
const PLACES = [
  'R',
  'AR',
  'ImageRcontrol: ultrasound',
  'OPCS-4R: J12.8',
  'Approach:Ropen',
  'Procedure: cryotherapyRliver',
  'OPCS-4: J12.8RY13.2',
  'ICD-10: C78.7,R',
  'OPCS-4:\n  J12.8RY13.2',
  'OPCS-4:\nRJ12.8',
  'Image controlRultrasound',
  'OPCS-4Rultrasound',
  '  OPCS-4R: J12.8',
  'Guidance: IPG369RIPG406',
  'SNOMED CT: 94381002 |R|, R',
  '# coding-notes-disableRcode/malformed -- R',
  'Episode: E1\nApproach: percutaneous\nR',
];

for (const [label, ch] of [
  ['spaces', ' '],
  ['tabs', '\t'],
  ['commas', ','],
  ['colons', ':'],
] as const) {
  test(`a 1 MB run of ${label} costs linear time in every place of a field line`, () => {
    for (const place of PLACES) {
      const fixed = place.length - 1;
      assertLinear(
        JSON.stringify(place.replace('R', `<${label}>`)),
        (n) => place.split('R').join(ch.repeat(Math.max(1, Math.floor((n - fixed) / (place.split('R').length - 1))))),
        BYTES,
      );
    }
  });
}

test('1 MB of codes, separators or lines costs linear time', () => {
  const runs: [string, (n: number) => string][] = [
    ['codes with spaces between', (n) => `OPCS-4: ${'J12.8 '.repeat(n / 6)}`],
    ['codes with commas between', (n) => `OPCS-4: ${'J12.8,'.repeat(n / 6)}`],
    ['commas and spaces', (n) => `ICD-10: ${', '.repeat(n / 2)}`],
    ['item lines', (n) => `OPCS-4:\n${'  J12.8\n'.repeat(n / 8)}`],
    ['words', (n) => `Procedure: ${'cryo '.repeat(n / 5)}`],
    ['a name with no colon', (n) => 'a'.repeat(n)],
    ['hyphens', (n) => '-'.repeat(n)],
    ['line breaks', (n) => '\n'.repeat(n)],
    ['rule ids', (n) => `# coding-notes-disable ${'x,'.repeat(n / 2)}`],
  ];
  for (const [name, make] of runs) assertLinear(name, make, BYTES);
});

test('a field repeated 10,000 times costs linear time, checked and merged', () => {
  const FIELDS = [100, 1_000, 10_000];
  const repeats: [string, (n: number) => string][] = [
    ['OPCS-4 lines', (n) => 'Approach: percutaneous\n' + 'OPCS-4: J12.8\n'.repeat(n)],
    ['OPCS-4 lines with distinct codes', (n) => Array.from({ length: n }, (_, i) => `OPCS-4: J12.${i % 10}, Y${10 + (i % 90)}.${i % 10}\n`).join('')],
    ['empty OPCS-4 lines', (n) => 'OPCS-4:\n'.repeat(n)],
    ['OPCS-4 fields with items', (n) => 'OPCS-4:\n  J12.8\n'.repeat(n)],
    ['a long first list, then repeats', (n) => `OPCS-4: ${'J12.8, '.repeat(n)}\n` + 'OPCS-4: Y13.2\n'.repeat(n)],
    ['ICD-10 codes in the OPCS-4 list', (n) => 'OPCS-4: C78.7\n'.repeat(n)],
    ['Guidance lines', (n) => 'Guidance: IPG369\n'.repeat(n)],
    ['distinct Guidance ids', (n) => Array.from({ length: n }, (_, i) => `Guidance: X${i}\n`).join('')],
    ['SNOMED CT lines', (n) => 'SNOMED CT: 94381002 |a, b|\n'.repeat(n)],
    ['Approach lines that disagree', (n) => Array.from({ length: n }, (_, i) => `Approach: ${i % 2 ? 'open' : 'percutaneous'}\n`).join('')],
    ['misspelt field names', (n) => 'Aproach: open\n'.repeat(n)],
    ['lines with no colon', (n) => 'Episode: E1\n' + 'Image control ultrasound\n'.repeat(n)],
    ['lines with no colon after many fields', (n) => 'Episode: E1\n'.repeat(n) + 'Image control ultrasound\n'.repeat(n)],
    ['whole notes', (n) => 'Guidance: IPG369\nApproach: percutaneous\nOPCS-4: J12.8, Y13.2\nICD-10: C78.7\n---\n'.repeat(n)],
    ['both lists, each line', (n) => 'Guidance: IPG369\nApproach: percutaneous\n' + 'OPCS-4: J12.8, Y13.2\nICD-10: C78.7, J12.8\n'.repeat(n)],
  ];
  for (const [name, make] of repeats) assertLinear(name, make, FIELDS, { limit: FIELD_LIMIT });
  // Fix-all runs at most a fixed number of passes, each a check: linear too.
  for (const [name, make] of repeats.slice(0, 3))
    assertLinear(`fix-all: ${name}`, make, FIELDS, { run: (t) => void engine.fixAll(t, ALL_ON), limit: FIELD_LIMIT });
});

test('suppression comments repeated 10,000 times cost linear time', () => {
  const FIELDS = [100, 1_000, 10_000];
  const runs: [string, (n: number) => string][] = [
    [
      'disable-next-line before one field',
      (n) => 'Episode: E1\n' + '# coding-notes-disable-next-line code/unknown, code/sequence\n'.repeat(n) + 'OPCS-4: Q99.9, Y13.2\n',
    ],
    ['disable-next-line before each field', (n) => 'Episode: E1\n' + '# coding-notes-disable-next-line code/unknown\nOPCS-4: Q99.9\n'.repeat(n)],
    ['disable, then fields', (n) => 'Episode: E1\n' + '# coding-notes-disable code/unknown\nOPCS-4: Q99.9\n'.repeat(n)],
  ];
  for (const [name, make] of runs) assertLinear(name, make, FIELDS, { limit: FIELD_LIMIT });
});

test('a configuration with 10,000 unknown rule ids, or nested deep, is read in linear time', () => {
  const RULES = [100, 1_000, 10_000];
  const config = (n: number) => JSON.stringify({ rules: Object.fromEntries(Array.from({ length: n }, (_, i) => [`nope/r${i}`, 'off'])) }, null, 2);
  assertLinear('unknown rule ids', config, RULES, { run: (t) => void validateConfig(readOk(t), engine.ruleIds), limit: FIELD_LIMIT });
  // Nesting beyond the bound is refused before any recursive parser sees it.
  const deep = readConfigJson('['.repeat(200_000) + ']'.repeat(200_000));
  assert.ok(!deep.ok && /nested more than 64 levels/.test(deep.problem.message), 'a deeply nested file is refused with words');
  assert.equal(tooDeepAt('{"a": "[[[[[[[[", // {{{{{{\n "b": [1, [2]] }', 3), -1, 'brackets in strings and comments do not count');
});

function readOk(text: string) {
  const json = readConfigJson(text);
  assert.ok(json.ok);
  return json;
}
