// Layer rules of ../shared/STYLE.md: engine/ is plain Node, renderer/ sees engine/ through types only,
// main/ is the thin shell between them.
import tseslint from 'typescript-eslint';

// engine/ runs under plain Node and knows nothing of the shells around it.
const ENGINE_PATTERNS = [
  { group: ['electron', 'electron/*'], message: 'engine/ runs under plain Node: no electron.' },
  { group: ['react', 'react-dom', 'react/*', 'cytoscape', 'recharts'], message: 'engine/ has no UI.' },
  { group: ['**/main/**', '**/renderer/**'], message: 'engine/ imports nothing of main/ or renderer/.' },
];
// main/ and bench/ reach the engine only through its public entry, engine/index.ts.
const DEEP_ENGINE_IMPORT = {
  group: ['**/engine/*', '**/engine/**', '!**/engine/index.js', '!**/engine/index.ts', '!**/engine/index'],
  message: 'Import the engine through engine/index.js (its public API); export what you need there.',
};

const NODE_BUILTINS = ['fs', 'path', 'os', 'child_process', 'net', 'http', 'crypto', 'worker_threads', 'events', 'stream', 'url', 'util', 'readline'];

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'tmp/**', 'bench/results/**', 'e2e/artifacts/**', 'renderer/dist/**', 'test-results/**'] },
  ...tseslint.configs.recommended,
  {
    // The redis-server guardian is plain CommonJS on purpose (runs under node and ELECTRON_RUN_AS_NODE).
    files: ['**/*.cjs'],
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ENGINE_PATTERNS }],
    },
  },
  {
    // bench/ drives the engine through its public API, like a user would (browser-side code of the
    // renderer bench, bench/browser/, runs in the page and imports nothing of the engine at all).
    files: ['bench/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: [...ENGINE_PATTERNS, DEEP_ENGINE_IMPORT] }],
    },
  },
  {
    files: ['renderer/**/*.ts', 'renderer/**/*.tsx'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**', '!**/engine/api', '!**/engine/api.js', '!**/engine/api.ts'], message: 'renderer/ imports only types from engine/api.ts.' },
          { group: ['**/engine/api', '**/engine/api.js', '**/engine/api.ts'], allowTypeImports: true, message: 'renderer/ imports only types from engine/api.ts (use `import type`).' },
          { group: ['electron', '**/main/**'], message: 'renderer/ talks to main only through window.feedscope.' },
        ],
        paths: NODE_BUILTINS.flatMap((m) => [
          { name: m, message: 'renderer/ has no Node built-ins.' },
          { name: `node:${m}`, message: 'renderer/ has no Node built-ins.' },
        ]),
      }],
    },
  },
  {
    files: ['main/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/renderer/**', 'react', 'react-dom'], message: 'main/ does not import the renderer.' },
          DEEP_ENGINE_IMPORT,
        ],
      }],
    },
  },
  {
    files: ['e2e/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', {
        patterns: [
          { group: ['**/engine/**', '**/main/**', '**/renderer/**'], allowTypeImports: true, message: 'e2e/ drives the app from outside: types only.' },
        ],
      }],
    },
  },
);
