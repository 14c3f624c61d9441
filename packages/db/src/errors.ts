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
