import { randomBytes } from 'node:crypto';
import type { TestProject } from 'vitest/node';
import { createMigratedDatabase, dropDatabasesWithPrefix } from './database.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    templateDatabase: string;
  }
}

/** Migrates one template database per test run; every test file clones it. */
export default async function setup(project: TestProject): Promise<() => Promise<void>> {
  const prefix = `billops_test_${randomBytes(3).toString('hex')}`;
  const template = `${prefix}_tpl`;
  await createMigratedDatabase(template);
  project.provide('templateDatabase', template);
  return async () => {
    await dropDatabasesWithPrefix(prefix);
  };
}
