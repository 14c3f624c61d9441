import { PrismaPg } from '@prisma/adapter-pg';
import { PrismaClient } from './generated/client.ts';

/**
 * Creates a Prisma client over the pg driver adapter (no Rust engine: see shared toolchain notes).
 * The app owns the instance and disconnects it on shutdown.
 */
export function createPrismaClient(options: { databaseUrl: string; maxConnections?: number }): PrismaClient {
  const adapter = new PrismaPg({ connectionString: options.databaseUrl, max: options.maxConnections ?? 10 });
  return new PrismaClient({ adapter });
}
