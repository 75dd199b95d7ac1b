// @ts-check
// House rules for TypeScript (issue #12). Run with `npm run lint:ts`. Formatting is Prettier's job
// (`npm run format:check`), so eslint-config-prettier comes last and turns every layout rule off.
import eslint from '@eslint/js';
import prettier from 'eslint-config-prettier';
import { defineConfig, globalIgnores } from 'eslint/config';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const TS = ['**/*.ts'];
const JS = ['**/*.js', '**/*.mjs', '**/*.cjs'];
const TESTS = ['**/*.spec.ts', '**/*.e2e-spec.ts', 'test/**/*.ts'];

export default defineConfig(
  globalIgnores([
    'dist/',
    'coverage/',
    'test-artifacts/',
    'bench/results/',
    'src/web/public/build/',
    '.data/',
    'client/candor-api.d.ts',
  ]),

  eslint.configs.recommended,
  // Type-aware rules: every .ts file is checked with the tsconfig.json nearest to it (the root one for src/ and
  // test/, src/web/browser/, bench/, test/faults/ and sim/ for theirs).
  tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    linterOptions: { reportUnusedDisableDirectives: 'error' },
  },

  {
    files: TS,
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      // The house style: `import { type X, Y }`. With experimentalDecorators + emitDecoratorMetadata (tsconfig.json)
      // the rule leaves files that have decorators alone, so Nest's constructor injection never loses a value import.
      '@typescript-eslint/consistent-type-imports': [
        'error',
        { prefer: 'type-imports', fixStyle: 'inline-type-imports', disallowTypeAnnotations: true },
      ],
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrorsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // Nest modules are empty classes carrying a decorator (@Module({...}) export class XModule {}).
      '@typescript-eslint/no-extraneous-class': ['error', { allowWithDecorator: true }],
    },
  },

  // Named exports only. The few files a tool loads by its default export are listed below.
  {
    rules: {
      'no-restricted-syntax': [
        'error',
        { selector: 'ExportDefaultDeclaration', message: 'Use a named export (house rule: no default exports).' },
        {
          selector: "ExportNamedDeclaration > ExportSpecifier[exported.name='default']",
          message: 'Use a named export (house rule: no default exports).',
        },
      ],
    },
  },
  {
    // TypeORM's CLI (-d ...data-source.js), Jest's globalSetup/globalTeardown and the tools' own config files.
    files: [
      'src/database/migration-cli.data-source.ts',
      'test/support/global-setup.ts',
      'test/support/global-teardown.ts',
      '*.config.{js,mjs,cjs}',
      'test/support/*.config.cjs',
    ],
    rules: { 'no-restricted-syntax': 'off' },
  },

  // Tests. Jest's `expect(mock.method).toHaveBeenCalled()` passes methods around unbound on purpose, and two
  // libraries hand tests `any` by design: supertest's `res.body` and Jest's asymmetric matchers (`expect.any(String)`,
  // `expect.objectContaining(...)`). The no-unsafe-* rules would flag every use of them; tests still may not write
  // `any` themselves (no-explicit-any stays on).
  {
    files: TESTS,
    rules: {
      '@typescript-eslint/unbound-method': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },

  // Plain JavaScript (config files, scripts/, the candidate page's script): no type information.
  {
    files: JS,
    extends: [tseslint.configs.disableTypeChecked],
    languageOptions: { globals: { ...globals.node } },
  },
  {
    files: ['src/web/public/**/*.js'],
    languageOptions: { sourceType: 'script', globals: { ...globals.browser } },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },

  prettier,
);
