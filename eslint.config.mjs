// `npm run lint` (and `npm test`): typescript-eslint with type information, and
// the layers of ARCHITECTURE.md as import rules. A crossed layer fails the lint.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import importPlugin from 'eslint-plugin-import';

/** Node's built-in modules, bare and with `node:`: the core uses none of them. */
const NODE_BUILTINS = [...builtinModules.filter((m) => !m.startsWith('_')), 'node:*'];

/** Layer rules: `target` may not import `from`, except the paths in `except` (relative to `from`). */
const zones = [
  // The core is pure: nothing outside it (the adapters, the protocol module, the client).
  { target: './server/src/core', from: './server/src', except: ['./core'], message: 'the core imports nothing outside server/src/core' },
  { target: './server/src/core', from: './client', message: 'the core imports nothing outside server/src/core' },
  { target: './server/src/core', from: './protocol', message: 'the core imports nothing outside server/src/core' },
  // The language server and the CLI share Node-side helpers through node/, never each other.
  {
    target: ['./server/src/lsp', './server/src/server.ts'],
    from: ['./server/src/cli', './server/src/cli.ts'],
    message: 'the language server does not import the CLI: share the helper through server/src/node/',
  },
  {
    target: ['./server/src/cli', './server/src/cli.ts'],
    from: ['./server/src/lsp', './server/src/server.ts'],
    message: 'the CLI does not import the language server: share the helper through server/src/node/',
  },
  // node/ and report/ serve both adapters, so they import neither.
  {
    target: ['./server/src/node', './server/src/report'],
    from: ['./server/src/lsp', './server/src/cli', './server/src/server.ts', './server/src/cli.ts'],
    message: 'node/ and report/ serve both the language server and the CLI and import neither',
  },
  // The client talks to the server only through the protocol module.
  { target: './client', from: './server', message: 'the client imports the protocol module (protocol/), never the server' },
  // The protocol module is bundled into the client: only the core's plain types and values.
  { target: './protocol', from: './server/src', except: ['./core/types.ts'], message: 'the protocol module imports only server/src/core/types.ts' },
  { target: './protocol', from: './client', message: 'the protocol module does not import the client' },
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'out/', '.vscode-test/', 'test/fixtures/', 'docs/', 'examples/', '**/*.generated.ts'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      ecmaVersion: 2022,
      sourceType: 'module',
      parserOptions: {
        projectService: {
          // The .mjs scripts are not in tsconfig.json; they get a default program of their own.
          allowDefaultProject: ['*.mjs', 'scripts/*.mjs', 'scripts/editor/*.mjs', 'bench/*.mjs'],
          maximumDefaultProjectFileMatchCount_THIS_WILL_SLOW_DOWN_LINTING: 16,
        },
        tsconfigRootDir: import.meta.dirname,
      },
    },
    plugins: { import: importPlugin },
    settings: {
      'import/resolver': { node: { extensions: ['.ts', '.mjs', '.js', '.json'] } },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      'import/no-restricted-paths': ['error', { zones }],
      // `const { path: _path, ...rest } = x` leaves out a property on purpose.
      '@typescript-eslint/no-unused-vars': ['error', { ignoreRestSiblings: true, argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // Tests, the benchmark and the scripts read JSON-RPC answers and CLI output as `any`, on purpose:
    // the assertions are the type check there. Promises still may not float.
    files: ['test/**', 'bench/**', 'scripts/**', '*.mjs'],
    rules: {
      '@typescript-eslint/no-explicit-any': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-unary-minus': 'off',
      // Assertion messages and harness code: strictness here buys nothing a failing test would not show.
      '@typescript-eslint/no-unnecessary-type-assertion': 'off',
      '@typescript-eslint/restrict-template-expressions': 'off',
      '@typescript-eslint/no-base-to-string': 'off',
      '@typescript-eslint/require-await': 'off',
      '@typescript-eslint/no-redundant-type-constituents': 'off',
      '@typescript-eslint/prefer-promise-reject-errors': 'off',
      // Expected note text is written with its real indentation.
      'no-regex-spaces': 'off',
      'no-empty': ['error', { allowEmptyCatch: true }],
      '@typescript-eslint/no-floating-promises': [
        'error',
        // node:test's test() and describe() return promises that the runner itself awaits.
        {
          allowForKnownSafeCalls: [
            { from: 'package', package: 'node:test', name: ['test', 'describe', 'it', 'suite', 'before', 'after', 'beforeEach', 'afterEach'] },
          ],
        },
      ],
    },
  },
  {
    // The scripts are plain JavaScript run by Node.
    files: ['**/*.mjs'],
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        setImmediate: 'readonly',
        setInterval: 'readonly',
        clearInterval: 'readonly',
        performance: 'readonly',
        TextDecoder: 'readonly',
        TextEncoder: 'readonly',
        URL: 'readonly',
        AbortController: 'readonly',
        structuredClone: 'readonly',
        queueMicrotask: 'readonly',
        fetch: 'readonly',
      },
    },
  },
  {
    files: ['server/src/core/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: NODE_BUILTINS.filter((m) => m !== 'node:*').map((name) => ({
            name,
            message: 'the core has no file system, clock or process: Node built-ins belong in server/src/node/',
          })),
          patterns: [
            { group: ['node:*'], message: 'the core has no file system, clock or process: Node built-ins belong in server/src/node/' },
            // LSP shapes are welcome as types; the runtime libraries stay in the adapters.
            {
              group: ['vscode', 'vscode-languageserver', 'vscode-languageserver/*', 'vscode-languageclient', 'vscode-languageclient/*'],
              allowTypeImports: true,
              message: 'the core imports LSP and VS Code types only',
            },
          ],
        },
      ],
    },
  },
);
