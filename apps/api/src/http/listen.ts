import { createServer, type RequestListener, type Server } from 'node:http';

export type ConnectionLimits = {
  headersTimeout: number;
  requestTimeout: number;
  connectionsCheckingInterval: number;
  keepAliveTimeout: number;
};

/**
 * A client that sends its headers or body slowly is cut off within 30 s (Node checks the
 * timeouts every `connectionsCheckingInterval`, so the worst case is timeout + interval): slow
 * clients cannot hold connections open. Idle keep-alive connections last longer than the
 * proxies in front usually keep theirs (60 s), so a proxy never reuses one just as we close it.
 */
export const CONNECTION_LIMITS: ConnectionLimits = {
  headersTimeout: 15_000,
  requestTimeout: 25_000,
  connectionsCheckingInterval: 5_000,
  keepAliveTimeout: 65_000,
};

/** The API's HTTP server with the connection limits above. */
export function listen(
  app: RequestListener,
  port: number,
  host: string,
  onListening: () => void,
  limits: ConnectionLimits = CONNECTION_LIMITS,
): Server {
  const server = createServer(
    {
      headersTimeout: limits.headersTimeout,
      requestTimeout: limits.requestTimeout,
      connectionsCheckingInterval: limits.connectionsCheckingInterval,
    },
    app,
  );
  server.keepAliveTimeout = limits.keepAliveTimeout;
  return server.listen(port, host, onListening);
}
