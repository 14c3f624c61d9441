import autocannon from 'autocannon';

export type LoadResult = { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

type LoadOptions = {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request (e.g. a freshly signed body); omit for a fixed request. */
  makeRequest?: () => { body?: string; headers?: Record<string, string> };
  durationSeconds: number;
  /** Fixed overall rate (requests/s); omit for saturation. */
  rate?: number;
  connections?: number;
};

/** Drives an HTTP endpoint with autocannon at a fixed rate or at saturation. */
export async function load(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    duration: options.durationSeconds,
    connections: options.connections ?? (options.rate ? 20 : 32),
    pipelining: 1,
    ...(options.rate ? { overallRate: options.rate } : {}),
    ...(options.makeRequest
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => {
                const made = options.makeRequest!();
                return { ...request, ...(made.body !== undefined ? { body: made.body } : {}), headers: { ...request.headers, ...made.headers } };
              },
            },
          ],
        }
      : {}),
  });
  return {
    requestsPerSecond: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.timeouts,
    non2xx: result.non2xx,
    total: result.requests.total,
  };
}
