import type { ServiceContext } from '@billops/domain';
import type { WorkerConfig } from './config.ts';

export type WorkerContext = ServiceContext & { config: WorkerConfig };
