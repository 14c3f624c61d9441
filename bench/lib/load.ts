import http from 'node:http';
import autocannon from 'autocannon';

export type LoadResult = { requestsPerSecond: number; p50: number; p99: number; errors: number; non2xx: number; total: number };

type LoadOptions = {
  url: string;
  method?: 'GET' | 'POST';
  headers?: Record<string, string>;
  /** Builds each request (e.g. a freshly signed body); omit for a fixed request. */
  makeRequest?: () => { body?: string; headers?: Record<string, string> };
  durationSeconds: number;
  /** Fixed overall rate (requests/s, sent evenly spaced); omit for saturation. */
  rate?: number;
  connections?: number;
};

/** Drives an HTTP endpoint at a fixed rate (open loop) or at saturation (autocannon). */
export async function load(options: LoadOptions): Promise<LoadResult> {
  return options.rate ? paced(options, options.rate) : saturate(options);
}

/** Closed loop: each of N connections sends its next request as soon as the previous one is answered. */
async function saturate(options: LoadOptions): Promise<LoadResult> {
  const result = await autocannon({
    url: options.url,
    method: options.method ?? 'GET',
    headers: options.headers,
    duration: options.durationSeconds,
    connections: options.connections ?? 32,
    pipelining: 1,
    ...(options.makeRequest
      ? {
          requests: [
            {
              setupRequest: (request: autocannon.Request) => {
                const made = options.makeRequest!();
                return {
                  ...request,
                  ...(made.body !== undefined ? { body: made.body } : {}),
                  headers: { ...request.headers, ...made.headers },
                };
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

const TIMEOUT_MS = 10_000;

/**
 * Open loop: request i is due at start + i/rate, sent then whether or not earlier ones were answered,
 * and its latency counts from when it was due, so a slow server (or a late load generator) cannot
 * stretch the schedule and hide its own queueing. autocannon's rate option is not this: it lets each
 * connection fire its share of the second back to back and then idle, a burst at the top of every
 * second whose queueing it then reports as latency.
 */
async function paced(options: LoadOptions, rate: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 512 });
  const count = Math.round(rate * options.durationSeconds);
  const latencies: number[] = [];
  let errors = 0;
  let non2xx = 0;
  const send = (due: number) =>
    new Promise<void>((resolve) => {
      const made = options.makeRequest?.() ?? {};
      const request = http.request(
        options.url,
        { method: options.method ?? 'GET', agent, headers: { ...options.headers, ...made.headers }, timeout: TIMEOUT_MS },
        (response) => {
          response.resume();
          response.once('end', () => {
            latencies.push(performance.now() - due);
            if (response.statusCode! >= 300) non2xx += 1;
            resolve();
          });
        },
      );
      request.once('timeout', () => request.destroy(new Error('timeout')));
      request.once('error', () => {
        errors += 1;
        resolve();
      });
      request.end(made.body);
    });

  const start = performance.now();
  const dueAt = (i: number) => start + (i * 1000) / rate;
  const inFlight: Promise<void>[] = [];
  await new Promise<void>((scheduled) => {
    let next = 0;
    const tick = () => {
      while (next < count && dueAt(next) <= performance.now()) inFlight.push(send(dueAt(next++)));
      if (next < count) setTimeout(tick, Math.max(0, dueAt(next) - performance.now()));
      else scheduled();
    };
    tick();
  });
  await Promise.all(inFlight);
  const seconds = (performance.now() - start) / 1000;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) =>
    Math.round((latencies[Math.min(latencies.length - 1, Math.ceil((p / 100) * latencies.length) - 1)] ?? 0) * 10) / 10;
  return {
    requestsPerSecond: latencies.length / seconds,
    p50: percentile(50),
    p99: percentile(99),
    errors,
    non2xx,
    total: latencies.length,
  };
}
