// Lint rules, including the architecture's layer rules: imports point inward
// (core ← model ← engines ← kernel ← api/cli/hosts), the engine never sees Electron or the renderer,
// the renderer sees only the engine API's types, and the preload sees only electron/shared.
import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const restrict = (...patterns) => ['error', { patterns }];
const noElectron = { group: ['electron'], message: 'The engine runs without Electron; inject an interface instead.' };
const noRenderer = { group: ['**/renderer/**'], message: 'The engine never imports the renderer.' };
const noElectronFolder = { group: ['**/electron/**'], message: 'The engine never imports the desktop shell.' };
const outerEngineLayers = (...layers) => ({
  group: layers.flatMap((layer) => [`../${layer}`, `../${layer}/**`, `../../${layer}/**`]),
  message: 'Imports point inward: core ← model ← engines ← kernel ← api/cli/hosts.',
});

export default tseslint.config(
  { ignores: ['node_modules/', '.tmp/', 'build/', 'out/', 'dist/', 'release/', '.electron-native/', 'test-results/', 'playwright-report/', 'e2e/artifacts/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/consistent-type-definitions': ['error', 'type'],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: 'TSEnumDeclaration', message: 'Use a union of string literals, not enum.' }],
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    files: ['engine/**/*.ts'],
    ignores: ['engine/core/**', 'engine/model/**', 'engine/**/*.test.ts'],
    rules: { 'no-restricted-imports': restrict(noElectron, noRenderer, noElectronFolder) },
  },
  {
    files: ['engine/core/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(noElectron, noRenderer, noElectronFolder, {
        group: ['../*', '../**'],
        message: 'engine/core imports nothing else from the engine.',
      }),
    },
  },
  {
    files: ['engine/model/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(
        noElectron,
        noRenderer,
        noElectronFolder,
        outerEngineLayers('store', 'data', 'api', 'kernel', 'cli', 'hosts', 'testing', 'indicators', 'features', 'strategy', 'regime', 'ranking', 'risk', 'execution', 'portfolio', 'signals', 'adapters', 'backtest', 'secrets', 'alerts'),
      ),
    },
  },
  {
    files: ['engine/{indicators,features,strategy,regime,ranking,signals,adapters,risk,execution,portfolio,backtest,secrets,alerts}/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(noElectron, noRenderer, noElectronFolder, outerEngineLayers('api', 'kernel', 'cli', 'hosts')),
    },
  },
  {
    files: ['engine/store/**/*.ts', 'engine/data/**/*.ts'],
    ignores: ['engine/**/*.test.ts'],
    rules: {
      'no-restricted-imports': restrict(noElectron, noRenderer, noElectronFolder, outerEngineLayers('api', 'kernel', 'cli', 'hosts')),
    },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [{ name: 'electron', message: 'The renderer reaches the desktop shell only through window.stratus.' }],
          patterns: [
            {
              regex: '(^|/)engine/(?!api/types$)',
              message: 'The renderer imports only types, and only from engine/api/types.',
            },
            { group: ['**/engine/api/types'], allowTypeImports: true, message: 'Use `import type` for the engine API.' },
            { group: ['**/electron/main/**', '**/electron/preload/**'], message: 'The renderer may import only types from electron/shared.' },
          ],
        },
      ],
    },
  },
  {
    files: ['electron/preload/**/*.ts'],
    rules: {
      'no-restricted-imports': restrict({
        group: ['**/engine/**', '**/renderer/**', '../main/**', '**/electron/main/**'],
        message: 'The preload imports only electron/shared.',
      }),
    },
  },
  {
    files: ['electron/shared/**/*.ts'],
    rules: { 'no-restricted-imports': restrict({ group: ['electron', '**/engine/**', '**/renderer/**'], message: 'electron/shared holds plain types and names only.' }) },
  },
);
