import { Agent, request } from 'node:http';

/** One GraphQL request the load generator sends: where, the JSON body, and its headers. */
export interface Operation {
  url: string;
  body: string;
  headers: Record<string, string>;
}

/** What a closed-loop run measured. */
export interface LoadResult {
  operations: number;
  errors: number;
  /** The first few error messages, to say what went wrong. */
  errorSamples: string[];
  seconds: number;
  /** Latencies in milliseconds, unsorted. */
  latenciesMs: number[];
}

/** Keep-alive connections, at most `connections` to each host, reused across requests. */
export const keepAliveAgent = (connections: number) =>
  new Agent({ keepAlive: true, maxSockets: connections, maxFreeSockets: connections });

/**
 * Posts one operation; resolves with the parsed JSON body, or rejects on a network error or a non-200 status.
 * A GraphQL error in a 200 answer is the caller's to judge.
 */
export function post(agent: Agent, op: Operation): Promise<{ data?: unknown; errors?: unknown[] }> {
  return new Promise((resolve, reject) => {
    const req = request(
      op.url,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/json',
          'content-length': Buffer.byteLength(op.body),
          ...op.headers,
        },
      },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          if (res.statusCode !== 200)
            return reject(new Error(`HTTP ${res.statusCode}: ${text.slice(0, 200)}`));
          try {
            resolve(JSON.parse(text) as { data?: unknown; errors?: unknown[] });
          } catch {
            reject(new Error(`not JSON: ${text.slice(0, 200)}`));
          }
        });
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(op.body);
  });
}

/**
 * Runs `next(connection)`'s operations closed-loop on `connections` concurrent connections (numbered from 0) for
 * `seconds`: each connection sends its next request as soon as the previous one is answered. An answer with GraphQL errors counts as an
 * error, as does a network error or a non-200 status.
 */
export async function closedLoop(
  agent: Agent,
  connections: number,
  seconds: number,
  next: (connection: number) => Operation,
): Promise<LoadResult> {
  const latenciesMs: number[] = [];
  const errorSamples: string[] = [];
  let errors = 0;
  const started = process.hrtime.bigint();
  const end = started + BigInt(Math.round(seconds * 1e9));
  const fail = (message: string) => {
    errors++;
    if (errorSamples.length < 5) errorSamples.push(message);
  };
  const worker = async (connection: number) => {
    while (process.hrtime.bigint() < end) {
      const op = next(connection);
      const sent = process.hrtime.bigint();
      try {
        const answer = await post(agent, op);
        if (answer.errors?.length) fail(JSON.stringify(answer.errors).slice(0, 300));
        else latenciesMs.push(Number(process.hrtime.bigint() - sent) / 1e6);
      } catch (error) {
        fail((error as Error).message);
      }
    }
  };
  await Promise.all(Array.from({ length: connections }, (_, connection) => worker(connection)));
  const elapsed = Number(process.hrtime.bigint() - started) / 1e9;
  return { operations: latenciesMs.length, errors, errorSamples, seconds: elapsed, latenciesMs };
}

/** The `p`-th percentile (0–100) of `values`, nearest rank; NaN for none. */
export function percentile(values: number[], p: number): number {
  if (values.length === 0) return Number.NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const rank = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[rank]!;
}

/** The median of `values`; NaN for none. */
export function median(values: number[]): number {
  const finite = values.filter((v) => !Number.isNaN(v)).sort((a, b) => a - b);
  if (finite.length === 0) return Number.NaN;
  const mid = Math.floor(finite.length / 2);
  return finite.length % 2 ? finite[mid]! : (finite[mid - 1]! + finite[mid]!) / 2;
}
