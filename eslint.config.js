// ESLint: JavaScript's and typescript-eslint's recommended rules, and Astro's for
// pages and components. Layering (what may import what) is a test of its own:
// test/architecture.test.ts.
import js from '@eslint/js';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['build/', 'dist/', '.astro/', 'node_modules/', 'test-results/', 'coverage/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...astro.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      // Unused values are mistakes; a leading underscore marks one kept on purpose (a callback's signature).
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      // `import type` keeps type-only imports out of the compiled JavaScript.
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      eqeqeq: ['error', 'always'],
      // Matching control characters is the point of several patterns: they are stripped or refused
      // in every output (src/lib/text.ts), so a rule against them would only be silenced line by line.
      'no-control-regex': 'off',
      'no-console': 'off',
    },
  },
  {
    // In a declaration file, a top-level import would turn its ambient `declare module`s into augmentations.
    files: ['**/*.d.ts'],
    rules: { '@typescript-eslint/consistent-type-imports': 'off' },
  },
  {
    // The search page's script runs in the browser.
    files: ['src/components/search-client.ts', 'src/components/*-client.ts'],
    languageOptions: { globals: { ...globals.browser } },
  },
);
