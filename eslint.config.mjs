// Lint rules, including the runtime layering: renderer never imports main; shared imports neither;
// preload only reaches shared. Type-aware rules are left out to keep `npm test` quick.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

const nodeOnly = ['node:*', 'fs', 'path', 'os', 'child_process', 'crypto', 'http', 'better-sqlite3', 'electron'];

/** Page text, file names and metadata come from strangers: the renderer never turns a string into HTML. */
const HTML_SINKS = 'Page text is never rendered as HTML (docs/SECURITY.md): render it as React text.';
const noHtmlSinks = {
  'no-restricted-syntax': [
    'error',
    { selector: "JSXAttribute[name.name='dangerouslySetInnerHTML']", message: HTML_SINKS },
    {
      selector: 'AssignmentExpression > MemberExpression.left[property.name=/^(innerHTML|outerHTML)$/]',
      message: HTML_SINKS,
    },
    {
      selector:
        'CallExpression > MemberExpression.callee[property.name=/^(insertAdjacentHTML|createContextualFragment)$/]',
      message: HTML_SINKS,
    },
    {
      selector: "CallExpression > MemberExpression.callee[object.name='document'][property.name=/^(write|writeln)$/]",
      message: HTML_SINKS,
    },
  ],
};

const layer = (patterns, message) => ({
  'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }],
});

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', '.native/**', 'coverage/**', 'bench-results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { globals: { ...globals.node } },
    rules: {
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      eqeqeq: ['error', 'smart'],
      'no-console': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs' },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['src/renderer/**/*.{ts,tsx}'],
    plugins: { 'react-hooks': reactHooks },
    languageOptions: { globals: { ...globals.browser } },
    rules: {
      ...reactHooks.configs.recommended.rules,
      ...layer(['**/main/**', '**/preload/**', ...nodeOnly], 'The renderer reaches data only through the API client.'),
      ...noHtmlSinks,
    },
  },
  {
    files: ['src/shared/**/*.ts'],
    rules: layer(
      ['**/main/**', '**/renderer/**', '**/preload/**', ...nodeOnly],
      'src/shared is process-neutral: no Node, Electron, main or renderer imports.',
    ),
  },
  {
    files: ['src/preload/**/*.ts'],
    rules: layer(['**/main/**', '**/renderer/**', 'node:*', 'better-sqlite3'], 'The preload only bridges to main.'),
  },
);
