// The extension, the language server and the CLI never use the network. The build
// swaps Node's network modules for a stub that throws; this test reads the built
// bundles and fails on any way left to reach the network.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { spawnSync } from 'node:child_process';

const BUNDLES = ['dist/client.js', 'dist/server.js', 'dist/cli.js'];
const FORBIDDEN: [string, RegExp][] = [
  ['a network module', /require\(\s*["'`](?:node:)?(?:net|http|https|http2|dns|tls|dgram)["'`]\s*\)/],
  ['a dynamic import of a network module', /import\(\s*["'`](?:node:)?(?:net|http|https|http2|dns|tls|dgram)["'`]\s*\)/],
  ['fetch()', /(?<![\w$.])fetch\s*\(/],
  ['XMLHttpRequest', /\bXMLHttpRequest\b/],
  ['WebSocket', /\bWebSocket\b/],
  ['process.binding (a way around the module stub)', /process\.binding\s*\(/],
];

for (const bundle of BUNDLES) {
  test(`${bundle} has no way to the network`, () => {
    const file = resolve(bundle);
    assert.ok(existsSync(file), `${bundle} is missing: run npm run build`);
    const text = readFileSync(file, 'utf8');
    for (const [what, re] of FORBIDDEN) {
      const m = re.exec(text);
      assert.equal(m, null, `${bundle} contains ${what}: …${m ? text.slice(Math.max(0, m.index - 80), m.index + 80) : ''}…`);
    }
  });
}

test('the scan would catch a network module (the patterns match what esbuild emits)', () => {
  for (const sample of ['var n=require("net");', 'require("node:https")', 'await fetch(url)', 'new WebSocket(u)']) {
    assert.ok(
      FORBIDDEN.some(([, re]) => re.test(sample)),
      sample,
    );
  }
  assert.ok(!FORBIDDEN.some(([, re]) => re.test('"see https://www.nice.org.uk/guidance/ipg369"')), 'a URL in text is not network use');
});

test('the CLI checks notes with every network module blocked', () => {
  const r = spawnSync(
    process.execPath,
    [
      '-e',
      `
    const Module = require('module');
    const real = Module._load;
    Module._load = function (request, parent, isMain) {
      if (/^(node:)?(net|http|https|http2|dns|tls|dgram)$/.test(request)) throw new Error('loaded ' + request);
      return real.apply(this, arguments);
    };
    require(${JSON.stringify(resolve('dist/cli.js'))});
  `,
      '--',
      'coding-notes',
      'check',
      resolve('examples'),
    ],
    { encoding: 'utf8' },
  );
  // The CLI bundle loads and checks notes without any network module being required.
  assert.ok(r.status === 0 || r.status === 1, r.stderr);
  assert.match(r.stdout, /ipg369\/procedure-code/);
});
