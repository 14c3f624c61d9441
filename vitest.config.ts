import { defineConfig } from 'vitest/config';

export default defineConfig({
  // Workspace packages export their TypeScript under this condition and their compiled dist/ otherwise
  // (package.json "exports"): tests run the sources. The rest is Vite's default server list.
  ssr: { resolve: { conditions: ['@billops/source', 'module', 'node', 'development|production'] } },
  test: {
    include: ['apps/*/src/**/*.test.ts', 'packages/*/src/**/*.test.ts', 'prisma/**/*.test.ts'],
    globalSetup: ['packages/testing/src/global-setup.ts'],
    pool: 'forks',
    // Two cores: two files at a time keeps PostgreSQL and Redis responsive for timing-sensitive flows.
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 30_000,
    hookTimeout: 60_000,
    reporters: ['default'],
  },
});
