// Layering contract (see DEVELOPERS.md and docs/architecture.md): each top folder is an environment.
// A lower layer importing a higher one, or pure code touching Node/DOM/Electron, fails the build.
import { builtinModules } from 'node:module';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import globals from 'globals';
import reactHooks from 'eslint-plugin-react-hooks';
import { importX, createNodeResolver } from 'eslint-plugin-import-x';

const nodeBuiltins = [...builtinModules, ...builtinModules.map((m) => `node:${m}`)];
const nodeOnlyPackages = ['better-sqlite3', 'socket.io', 'pino', 'jose'];
const folder = (name) => [`**/${name}/**`, `../${name}`, `../../${name}`, `../../../${name}`];

const restrict = (paths, patterns) => ({
  'no-restricted-imports': [
    'error',
    {
      paths: paths.map((name) => ({ name, message: 'This layer may not import it (see docs/architecture.md).' })),
      patterns: [{ group: patterns, message: 'This layer may not import that folder.' }],
    },
  ],
});

export default tseslint.config(
  { ignores: ['node_modules/**', 'dist/**', 'out/**', 'bench/results/**', 'coverage/**'] },
  js.configs.recommended,
  ...tseslint.configs.strict,
  {
    languageOptions: { globals: { ...globals.node } },
    plugins: { 'import-x': importX },
    settings: { 'import-x/resolver-next': [createNodeResolver({ extensions: ['.ts', '.tsx', '.js', '.json'] })] },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
      // Two modules that import each other have no order to load in and no layer between them: move the
      // shared piece to where both belong. (`import type` is erased and not counted.)
      'import-x/no-cycle': ['error', { ignoreExternal: true }],
    },
  },
  {
    // Type-aware lint (strictTypeChecked): each file with the types of its own layer's project
    // (parserOptions.projectService finds it through tsconfig.json's references; a renderer or station file
    // gets its layer's tsconfig.json, its tests the layer's tsconfig.test.json). Every layer is in it (issue 20).
    files: ['{shared,hub,electron,tests,renderer,station}/**/*.{ts,tsx}', '*.ts'],
    extends: [tseslint.configs.strictTypeChecked],
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      // Tuned: a number in a message is what it says; `() => voidCall()` is the idiom for a callback.
      '@typescript-eslint/restrict-template-expressions': ['error', { allowNumber: true }],
      '@typescript-eslint/no-confusing-void-expression': ['error', { ignoreArrowShorthand: true }],
      // Switched off, each with why (keep this list short and true):
      // - guards on values from outside (SQLite rows, parsed files, socket input, `Record` lookups) whose
      //   declared types are narrower than what can arrive; hundreds of them, and removing them removes checks.
      '@typescript-eslint/no-unnecessary-condition': 'off',
    },
  },
  {
    // React: hooks called in the same order on every render, and effects that name what they read.
    files: ['renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    rules: { 'react-hooks/rules-of-hooks': 'error', 'react-hooks/exhaustive-deps': 'error' },
  },
  {
    // shared/: pure domain. No Node, no DOM, no Electron, no other layer.
    files: ['shared/**/*.ts'],
    languageOptions: { globals: {} },
    rules: restrict(
      [...nodeBuiltins, 'electron', 'react', 'react-dom', ...nodeOnlyPackages, 'socket.io-client'],
      [...['station', 'electron', 'renderer', 'hub'].flatMap(folder)],
    ),
  },
  {
    // station/: plain Node services. Never Electron, never the UI.
    files: ['station/**/*.ts'],
    rules: restrict(['electron', 'react', 'react-dom'], [...['electron', 'renderer'].flatMap(folder)]),
  },
  {
    // electron/: the shell, the only folder that may import 'electron'. It hosts the station and serves the
    // renderer's built files; it never imports the renderer's code (the page talks to it through the preload).
    files: ['electron/**/*.ts'],
    rules: restrict(['react', 'react-dom'], [...['renderer'].flatMap(folder)]),
  },
  {
    // hub/: Node server. Knows only shared/.
    files: ['hub/**/*.ts'],
    rules: restrict(['electron', 'react', 'react-dom'], [...['electron', 'renderer', 'station'].flatMap(folder)]),
  },
  {
    // renderer/: DOM only; reaches the station through the typed API in shared/api.
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: restrict(
      [...nodeBuiltins, 'electron', ...nodeOnlyPackages],
      [...['station', 'electron', 'hub'].flatMap(folder)],
    ),
  },
  {
    // SQL at the station (docs/architecture.md, "Feature modules"): only the event log (station/store/) and
    // a feature's own `*.store.ts` files and numbered migrations (station/<feature>/migrations/NNNN-*.ts)
    // touch the station database or its schema; everything else reads through their repositories. Kept
    // apart: the basemap's own tile files, restore and verify (whole-file tools).
    files: ['station/**/*.ts'],
    ignores: [
      'station/store/**',
      'station/**/*.store.ts',
      'station/*/migrations/[0-9][0-9][0-9][0-9]-*.ts',
      'station/basemap/mbtiles.ts',
      'station/restore/**',
      'station/verify/**',
      '**/*.test.ts',
    ],
    rules: restrict(
      ['electron', 'react', 'react-dom', 'better-sqlite3'],
      [
        ...['electron', 'renderer'].flatMap(folder),
        ...['db', 'migrations', 'migrations/types'].flatMap((m) => [`**/store/${m}`, `./store/${m}`, `../store/${m}`, `../../store/${m}`]),
      ],
    ),
  },
  {
    // Production code states its types (issue #14): a value the checker cannot see is typed, parsed or
    // narrowed, never cast past it. Tests and their helpers may still build partial fixtures.
    files: ['{renderer,shared,station,hub,electron}/**/*.{ts,tsx}'],
    ignores: [
      '**/*.test.ts',
      '**/*.test.tsx',
      '**/*.testing.ts',
      '**/*.testing.tsx',
      '**/testing.ts',
      'renderer/test/**',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          // Test helpers live in test-only files (*.testing.ts, hub/testing.ts, renderer/test/): tests import
          // them, production never does (issue 20).
          selector: [
            'ImportDeclaration',
            'ExportNamedDeclaration',
            'ExportAllDeclaration',
            'ImportExpression',
          ]
            .map((node) => `${node}[source.value=/\\W(testing|testSupport|fixtures)$|\\Wtest\\W\\w+$/]`)
            .join(', '),
          message: 'A test helper: only tests import it. Move what production needs into a production module.',
        },
        {
          selector: 'TSAsExpression > TSNeverKeyword, TSTypeAssertion > TSNeverKeyword',
          message:
            '`as never` switches the type check off: type the value (the command catalog, zod, narrowing).',
        },
        {
          selector: 'TSAsExpression > TSAsExpression > TSUnknownKeyword',
          message: '`as unknown as` switches the type check off: parse or narrow the value instead.',
        },
      ],
    },
  },
  {
    // Tests may assert presence with `!` after checking it, and stand an object literal in for an opaque
    // handle (a WebContents, an error already checked with toBeInstanceOf).
    files: ['**/*.test.ts', '**/*.test.tsx', '**/*.testing.ts', '**/*.testing.tsx', 'renderer/test/**', 'tests/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/no-unsafe-class-instance-assignment': 'off',
      // vitest's asymmetric matchers (expect.any, objectContaining) are typed `any`, and fakes implement
      // async interfaces without awaiting anything.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/require-await': 'off',
    },
  },
);
