import { Client, HTTPMessageHandler, type Context, type Middleware } from '@microsoft/microsoft-graph-client';
import type { z } from 'zod';
import { ProviderError } from '../shared/provider-error.ts';
import { graphError } from './graph-errors.ts';

/**
 * Puts the bearer token on every request. The SDK's own AuthenticationHandler only does so for
 * https Graph hosts (it strips the header for the http sandbox), and its RetryHandler would sleep
 * through Retry-After inside the call; retries are the engine's job (withRetry), so our chain is
 * just this handler and the SDK's HTTPMessageHandler.
 */
class BearerTokenHandler implements Middleware {
  private next: Middleware | undefined;
  constructor(private readonly accessToken: string) {}

  async execute(context: Context): Promise<void> {
    const headers = new Headers(context.options?.headers as ConstructorParameters<typeof Headers>[0]);
    headers.set('Authorization', `Bearer ${this.accessToken}`);
    context.options = { ...context.options, headers };
    if (!this.next) throw new Error('BearerTokenHandler needs a next middleware');
    await this.next.execute(context);
  }

  setNext(next: Middleware): void {
    this.next = next;
  }
}

/** A small typed front for `@microsoft/microsoft-graph-client`: GET, zod-parse, map errors. */
export class GraphApi {
  private readonly host: string;
  private readonly version: string;
  private readonly httpHandler = new HTTPMessageHandler();

  constructor(
    private readonly graphBaseUrl: string,
    private readonly options: { timeoutMs: number },
  ) {
    // The SDK builds `${baseUrl}/${version}/${path}`; split "https://graph.microsoft.com/v1.0" accordingly.
    const trimmed = graphBaseUrl.replace(/\/+$/, '');
    const slash = trimmed.lastIndexOf('/');
    this.host = trimmed.slice(0, slash);
    this.version = trimmed.slice(slash + 1);
  }

  /**
   * Graph's paging links are absolute URLs. The SDK only re-parses `https://` links, and we must
   * never send a bearer token to a host that is not our Graph, so links are turned back into paths
   * under the configured base URL and anything else is refused.
   */
  relativePath(link: string): string | null {
    const base = `${this.graphBaseUrl.replace(/\/+$/, '')}/`;
    return link.startsWith(base) ? `/${link.slice(base.length)}` : null;
  }

  async get<S extends z.ZodType>(input: {
    accessToken: string;
    path: string;
    schema: S;
    headers?: Record<string, string>;
    what: string;
  }): Promise<z.infer<S>> {
    const client = Client.initWithMiddleware({
      baseUrl: this.host,
      defaultVersion: this.version,
      middleware: [new BearerTokenHandler(input.accessToken), this.httpHandler],
    });
    let body: unknown;
    try {
      body = await client
        .api(input.path)
        .headers(input.headers ?? {})
        .options({ signal: AbortSignal.timeout(this.options.timeoutMs) })
        .get();
    } catch (error) {
      throw graphError(error, input.what);
    }
    const parsed = input.schema.safeParse(body);
    if (!parsed.success) {
      throw new ProviderError(
        'microsoft',
        'permanent',
        `Microsoft Graph ${input.what}: unexpected response shape (${parsed.error.issues[0]?.message ?? 'invalid'})`,
      );
    }
    return parsed.data;
  }
}
