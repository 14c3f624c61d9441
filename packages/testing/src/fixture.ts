import { inject } from 'vitest';
import { createTestDatabase, type TestDatabase } from './database.ts';

/** Clean state for one test file: its own database cloned from the migrated template. */
export function useTestDatabase(): Promise<TestDatabase> {
  return createTestDatabase(inject('templateDatabase'));
}
