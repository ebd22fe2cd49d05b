import type { Request, Response } from 'express';

/** A named readiness probe; resolves when the dependency answers, rejects otherwise. */
export interface ReadinessCheck {
  name: string;
  check: () => Promise<void>;
}

const withTimeout = (promise: Promise<void>, ms: number) =>
  Promise.race([
    promise,
    new Promise<void>((_, reject) =>
      setTimeout(() => reject(new Error(`timed out after ${ms} ms`)), ms).unref(),
    ),
  ]);

/**
 * `/health/live`: the process is up (and, given `service`, which service it is). `/health/ready`: every
 * dependency answered within a second.
 */
export function healthHandlers(checks: () => ReadinessCheck[], service?: string) {
  return {
    live: (_req: Request, res: Response) => {
      res.json({ status: 'ok', ...(service ? { service } : {}) });
    },
    ready: async (_req: Request, res: Response) => {
      const results = await Promise.all(
        checks().map(async ({ name, check }) => {
          try {
            await withTimeout(check(), 1000);
            return { name, status: 'up' as const };
          } catch (error) {
            return { name, status: 'down' as const, error: (error as Error).message };
          }
        }),
      );
      const ready = results.every((r) => r.status === 'up');
      res.status(ready ? 200 : 503).json({ status: ready ? 'ready' : 'not ready', checks: results });
    },
  };
}
