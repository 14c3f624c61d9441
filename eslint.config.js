import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['**/node_modules/**', 'packages/db/src/generated/**', '**/dist/**', 'bench/results/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: {
      globals: {
        process: 'readonly',
        console: 'readonly',
        Buffer: 'readonly',
        URL: 'readonly',
        setTimeout: 'readonly',
        clearTimeout: 'readonly',
        performance: 'readonly',
      },
    },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      'no-restricted-syntax': ['error', { selector: "CallExpression[callee.property.name='only']", message: 'No focused tests.' }],
      // Prettier wraps code at 140; strings, comments and SQL it cannot break are wrapped by hand.
      'max-len': ['error', { code: 140, tabWidth: 2 }],
    },
  },
  {
    // The /app page's script runs in browsers.
    files: ['apps/api/src/page/**/*.js'],
    languageOptions: {
      globals: {
        window: 'readonly',
        document: 'readonly',
        sessionStorage: 'readonly',
        fetch: 'readonly',
        history: 'readonly',
        FormData: 'readonly',
        URLSearchParams: 'readonly',
        Intl: 'readonly',
      },
    },
  },
  {
    // One SQL convention (packages/db/README.md): raw SQL through queryRows/executeStatement, which
    // decode alike on the root client and in transactions; transactions through withTransaction,
    // the only way queryRows learns a transaction's connection. Prisma's own doors stay in packages/db.
    files: ['**/*.{ts,js,mjs}'],
    ignores: ['packages/db/src/**'],
    rules: {
      'no-restricted-properties': [
        'error',
        ...['$queryRaw', '$executeRaw', '$queryRawUnsafe', '$executeRawUnsafe'].map((property) => ({
          property,
          message: 'Raw SQL goes through queryRows (rows) or executeStatement (no rows) from @billops/db.',
        })),
        { property: '$transaction', message: 'Open transactions with withTransaction (or withAdvisoryLock) from @billops/db.' },
      ],
    },
  },
  {
    files: ['packages/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        { patterns: [{ group: ['@billops/api', '@billops/worker'], message: 'Packages never import apps.' }] },
      ],
    },
  },
);
