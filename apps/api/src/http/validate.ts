import type { Request } from 'express';
import type { z } from 'zod';

/** Parses one part of a request with zod; failures become a 400 through the error handler. */
export const parseBody = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => schema.parse(req.body ?? {});
export const parseQuery = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => schema.parse(req.query);
export const parseParams = <S extends z.ZodType>(schema: S, req: Request): z.output<S> => schema.parse(req.params);
