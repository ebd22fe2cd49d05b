import { ApolloServer } from '@apollo/server';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { fork, type ChildProcess } from 'node:child_process';
import { Agent, request } from 'node:http';
import type { AddressInfo } from 'node:net';
import { resolve } from 'node:path';

/**
 * What the HTTP observation costs a small GraphQL server, per request: an Express + Apollo Server process with
 * and without `observeHttp` and `graphqlObservation`, under a closed loop on loopback, rounds interleaved.
 * Prints each variant's CPU ms per request (the server process's user + system time over the requests it
 * answered) per round and the medians.
 *
 *   node dist/infra/bench/observation-overhead.js [rounds] [seconds] [variant=module path | plain]...
 *
 * A variant is `plain` (no observation), `context` (only the trace context's AsyncLocalStorage) or a name and the path of a built `@emergency/observability` to load
 * (default: `observed` with this tree's). `LOG_LEVEL` sets the server's log level (default `warn`); at `info`
 * the request lines go to /dev/null.
 */

const typeDefs = `
  type Item { id: ID!, name: String!, tags: [String!]! }
  type Query { items(first: Int!): [Item!]! }
`;
const resolvers = {
  Query: {
    items: async (_: unknown, { first }: { first: number }) =>
      Array.from({ length: first }, (_, i) => ({ id: String(i), name: `item ${i}`, tags: ['a', 'b'] })),
  },
  Item: { name: async (item: { name: string }) => item.name },
};
const QUERY = JSON.stringify({
  query: 'query Items($n: Int!) { items(first: $n) { id name tags } }',
  operationName: 'Items',
  variables: { n: 10 },
});

async function server(modulePath: string | undefined) {
  const app = express();
  const plugins = [];
  if (modulePath === 'context') {
    // Only the trace context kept across the request's async work, nothing else observed.
    const obs = await import('@emergency/observability');
    const { context, createContextKey, ROOT_CONTEXT } = await import('@opentelemetry/api');
    obs.registerTraceContext();
    const key = createContextKey('bench');
    app.use((_req, _res, next) => context.with(ROOT_CONTEXT.setValue(key, 1), next));
  } else if (modulePath) {
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    const obs = require(modulePath) as typeof import('@emergency/observability');
    const level = (process.env.LOG_LEVEL ?? 'warn') as import('@emergency/observability').LogLevel;
    const { createWriteStream } = await import('node:fs');
    const sink = createWriteStream('/dev/null');
    const logger = new obs.JsonLogger('bench', level, (line) => sink.write(line + '\n'));
    app.use(
      obs.observeHttp({
        logger,
        metrics: new obs.ServiceMetrics('bench'),
        tracing: new obs.Tracing({ service: 'bench' }),
      }),
    );
    plugins.push(obs.graphqlObservation());
  }
  const apollo = new ApolloServer({ typeDefs, resolvers, plugins });
  await apollo.start();
  app.use('/graphql', express.json(), expressMiddleware(apollo));
  const http = app.listen(0, '127.0.0.1', () => {
    process.send!({ port: (http.address() as AddressInfo).port });
  });
  process.on('message', (msg) => {
    if (msg === 'cpu') {
      const { user, system } = process.cpuUsage();
      process.send!({ cpu: (user + system) / 1000 });
    }
    if (msg === 'exit') process.exit(0);
  });
}

const ask = (child: ChildProcess, what: string, key: string) =>
  new Promise<number>((done) => {
    const on = (msg: Record<string, number>) => {
      if (key in msg) {
        child.off('message', on);
        done(msg[key]);
      }
    };
    child.on('message', on);
    if (what) child.send(what);
  });

async function loop(port: number, seconds: number, connections: number) {
  const agent = new Agent({ keepAlive: true, maxSockets: connections });
  const until = Date.now() + seconds * 1000;
  let count = 0;
  const one = () =>
    new Promise<void>((done, fail) => {
      const req = request(
        {
          agent,
          port,
          host: '127.0.0.1',
          path: '/graphql',
          method: 'POST',
          headers: { 'content-type': 'application/json' },
        },
        (res) => {
          res.resume();
          res.on('end', done);
        },
      );
      req.on('error', fail);
      req.end(QUERY);
    });
  await Promise.all(
    Array.from({ length: connections }, async () => {
      while (Date.now() < until) {
        await one();
        count++;
      }
    }),
  );
  agent.destroy();
  return count;
}

async function main() {
  const [rounds = '3', seconds = '5', ...given] = process.argv.slice(2);
  const variants = (
    given.length ? given : ['plain', `observed=${resolve(__dirname, '../../libs/observability/src')}`]
  ).map((v) => {
    const [name, path] = v.split('=');
    if (name === 'plain' || name === 'context') return { name, path: name === 'plain' ? undefined : name };
    return { name, path: resolve(path) };
  });
  const results = new Map<string, number[]>(variants.map((v) => [v.name, []]));
  for (let round = 0; round < Number(rounds); round++) {
    for (const variant of round % 2 ? [...variants].reverse() : variants) {
      // CPU_PROF_DIR: each server process writes a V8 CPU profile there.
      const profile = process.env.CPU_PROF_DIR
        ? ['--cpu-prof', `--cpu-prof-dir=${process.env.CPU_PROF_DIR}`]
        : [];
      const child = fork(__filename, ['serve', variant.path ?? ''], { stdio: 'inherit', execArgv: profile });
      const port = await ask(child, '', 'port');
      await loop(port, 1, 10);
      const before = await ask(child, 'cpu', 'cpu');
      const count = await loop(port, Number(seconds), 10);
      const after = await ask(child, 'cpu', 'cpu');
      const exited = new Promise((done) => child.once('exit', done));
      child.send('exit');
      await exited;
      const ms = (after - before) / count;
      results.get(variant.name)!.push(ms);
      console.log(
        `round ${round + 1} ${variant.name}: ${count} requests, ${ms.toFixed(4)} ms CPU per request`,
      );
    }
  }
  const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
  for (const [name, xs] of results) console.log(`median ${name}: ${median(xs).toFixed(4)} ms`);
}

if (process.argv[2] === 'serve') void server(process.argv[3] || undefined);
else void main();
