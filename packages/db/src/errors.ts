import { Prisma } from './generated/client.ts';

/** Prisma error codes the product reacts to. */
export const PrismaErrorCode = {
  UniqueViolation: 'P2002',
  ForeignKeyViolation: 'P2003',
  RecordNotFound: 'P2025',
} as const;

export const isPrismaError = (error: unknown, code: (typeof PrismaErrorCode)[keyof typeof PrismaErrorCode]): boolean =>
  error instanceof Prisma.PrismaClientKnownRequestError && error.code === code;

export const isUniqueViolation = (error: unknown): boolean => isPrismaError(error, PrismaErrorCode.UniqueViolation);
export const isRecordNotFound = (error: unknown): boolean => isPrismaError(error, PrismaErrorCode.RecordNotFound);

/** Socket-level codes and messages that mean "PostgreSQL cannot be reached right now", not "the query is wrong". */
const UNREACHABLE_CODES = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'ENOTFOUND',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
]);
const UNREACHABLE_MESSAGES = new RegExp(
  [
    'timeout exceeded when trying to connect',
    'Connection terminated',
    'Query read timeout',
    'Client has encountered a connection error',
    'connection timeout',
    'Connection refused',
    "Can't reach database server",
    'Timed out fetching a new connection',
    'DatabaseNotReachable',
    'ConnectionClosed',
    'SocketTimeout',
    'the database system is (starting up|shutting down)',
  ].join('|'),
  'i',
);
/**
 * SQLSTATEs of a server that is going away, overloaded or cancelled our statement: class 08
 * (connection exception), 53300 too many connections, 57014 statement_timeout, 57P01-57P03 shutdown.
 */
const UNAVAILABLE_SQLSTATE = /^(08...|53300|57014|57P0[123])$/;

/**
 * Whether an error (a pg, driver-adapter or Prisma error, or one wrapping it) means PostgreSQL is
 * unavailable: the caller should answer 503 and retry later rather than report a bug.
 */
export function isDatabaseUnavailable(error: unknown): boolean {
  for (let current = error, depth = 0; current && depth < 6; depth += 1) {
    const candidate = current as {
      code?: unknown;
      message?: unknown;
      cause?: unknown;
      meta?: { driverAdapterError?: unknown; code?: unknown };
      originalCode?: unknown;
    };
    const code = typeof candidate.code === 'string' ? candidate.code : undefined;
    if (
      code &&
      (UNREACHABLE_CODES.has(code) ||
        UNAVAILABLE_SQLSTATE.test(code) ||
        code === 'P1001' ||
        code === 'P1002' ||
        code === 'P1008' ||
        code === 'P1017' ||
        code === 'P2024')
    )
      return true;
    if (typeof candidate.originalCode === 'string' && UNAVAILABLE_SQLSTATE.test(candidate.originalCode)) return true;
    if (typeof candidate.message === 'string' && UNREACHABLE_MESSAGES.test(candidate.message)) return true;
    current = candidate.meta?.driverAdapterError ?? candidate.cause;
  }
  return false;
}
