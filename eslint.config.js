// ESLint 9 flat config: typescript-eslint everywhere, type-aware promise rules in the Electron layer
// (small, cheap), and the layer boundaries of docs/architecture.md as errors:
//   - `electron` only in electron/main and electron/preload (not in the services process entry);
//   - no Node built-ins in renderer/ and shared/ (they run in the browser too);
//   - renderer/ talks to the services only through the contract, never by importing electron/*;
//   - shared/ depends on nothing of ours; exchange/ only on shared/.
// test/boundaries.test.ts runs these rules over the tree, so a violation fails `npm test` too.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeBuiltins = [...new Set(builtinModules.flatMap((m) => [m, m.split('/')[0]]))];

const noElectron = {
  name: 'electron',
  message: 'Only electron/main and electron/preload may import electron (requiring it outside Electron downloads the binary).',
};
const electronCalls = [
  {
    selector: "CallExpression[callee.name='require'][arguments.0.value='electron']",
    message: noElectron.message,
  },
  { selector: "ImportExpression[source.value='electron']", message: noElectron.message },
];
const nodeInBrowserCode = {
  group: ['node:*', ...nodeBuiltins, ...nodeBuiltins.map((m) => `${m}/*`)],
  message: 'renderer/ and shared/ run in the browser: no Node built-ins.',
};
const rendererToServices = {
  regex: '(^|/)electron/',
  message: 'The renderer reaches the services only through the typed contract (window.desk / the HTTP client).',
};
const exchangeToOurLayers = {
  regex: '(^|/)(electron|renderer|bench|test)/',
  message: 'exchange/ depends only on shared/ (docs/architecture.md).',
};
const sharedToOurLayers = {
  regex: '(^|/)(electron|renderer|exchange|bench)/',
  message: 'shared/ depends on nothing of ours.',
};

export default tseslint.config(
  {
    ignores: ['node_modules/**', 'out/**', 'dist/**', 'release/**', 'coverage/**', 'test-artifacts/**', '**/.data/**'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node }, ecmaVersion: 2023, sourceType: 'module' },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // Arabic normalisation deliberately lists combining marks (harakat) in character classes.
      'no-misleading-character-class': 'off',
      'no-restricted-imports': 'off',
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron] }],
      'no-restricted-syntax': ['error', ...electronCalls],
    },
  },
  {
    // The Electron layer proper: electron allowed; promises checked with type information.
    files: ['electron/main/**/*.ts', 'electron/preload/**/*.ts'],
    ignores: ['electron/main/services-process.ts', '**/*.test.ts'],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-restricted-imports': 'off',
      'no-restricted-syntax': 'off',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': 'error',
      '@typescript-eslint/await-thenable': 'error',
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [nodeInBrowserCode, rendererToServices] },
      ],
    },
  },
  {
    files: ['renderer/vite.config.ts'],
    rules: { '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron] }] },
  },
  {
    files: ['exchange/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': ['error', { paths: [noElectron], patterns: [exchangeToOurLayers] }],
    },
  },
  {
    files: ['shared/**/*.ts'],
    ignores: ['shared/**/*.test.ts'],
    languageOptions: { globals: { ...globals['shared-node-browser'] } },
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        { paths: [noElectron], patterns: [nodeInBrowserCode, sharedToOurLayers] },
      ],
    },
  },
);
