import { Router, type Request, type RequestHandler, type Response } from 'express';
import { z } from 'zod';
import { actorOf, type AuthenticatedActor } from './auth.ts';

type Method = 'get' | 'post' | 'put' | 'patch' | 'delete';

export type RouteSpec<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> = {
  method: Method;
  path: string;
  summary: string;
  tag: string;
  /** Bearer session required (default true). */
  auth?: boolean;
  body?: B;
  query?: Q;
  params?: P;
  /** Documented success response (status → schema). */
  responses?: Record<number, z.ZodType>;
  status?: number;
};

export type HandlerInput<B extends z.ZodType, Q extends z.ZodType, P extends z.ZodType> = {
  body: z.output<B>;
  query: z.output<Q>;
  params: z.output<P>;
  actor: AuthenticatedActor;
  req: Request;
  res: Response;
};

/** What a handler returns: a JSON body (sent with the route's status), or nothing if it answered itself. */
export type HandlerResult = unknown;

export type OpenApiOperation = { method: Method; path: string; spec: RouteSpec<z.ZodType, z.ZodType, z.ZodType> };

/** Collects every route's zod schemas so the OpenAPI document comes from the same source as validation. */
export class ApiRegistry {
  readonly operations: OpenApiOperation[] = [];
}

const empty = z.object({});

/** A request part through its schema; without one, any object is `{}` (what `empty` makes of it, without a parse per request). */
const parsePart = (schema: z.ZodType | undefined, value: unknown): unknown =>
  schema ? schema.parse(value) : typeof value === 'object' && value !== null && !Array.isArray(value) ? {} : empty.parse(value);

/**
 * A thin router: each route declares its schemas once; the wrapper parses body/query/params with
 * them (failures → 400 via the error handler), resolves the actor and sends the handler's result.
 */
export class ApiRouter {
  readonly router = Router();

  constructor(
    private readonly registry: ApiRegistry,
    private readonly basePath: string,
    private readonly authMiddleware: RequestHandler,
  ) {}

  route<B extends z.ZodType = typeof empty, Q extends z.ZodType = typeof empty, P extends z.ZodType = typeof empty>(
    spec: RouteSpec<B, Q, P>,
    handler: (input: HandlerInput<B, Q, P>) => Promise<HandlerResult> | HandlerResult,
  ): this {
    this.registry.operations.push({ method: spec.method, path: this.basePath + spec.path, spec: spec as never });
    const middlewares: RequestHandler[] = spec.auth === false ? [] : [this.authMiddleware];
    this.router[spec.method](spec.path, ...middlewares, async (req: Request, res: Response) => {
      const input = {
        body: parsePart(spec.body, req.body ?? {}),
        query: parsePart(spec.query, req.query),
        params: parsePart(spec.params, req.params),
        actor: spec.auth === false ? (undefined as never) : actorOf(res),
        req,
        res,
      } as HandlerInput<B, Q, P>;
      const result = await handler(input);
      if (res.headersSent) return;
      if (result === undefined) res.status(spec.status ?? 204).end();
      else res.status(spec.status ?? 200).json(result);
    });
    return this;
  }
}
