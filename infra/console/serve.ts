import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize } from 'node:path';
import type { AddressInfo } from 'node:net';
import { CONSOLE_DIST } from './build';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.txt': 'text/plain; charset=utf-8',
};

/** What every response says: the console loads nothing from anywhere but itself. */
const HEADERS = {
  'content-security-policy':
    "default-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data: blob:; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  'referrer-policy': 'no-referrer',
};

/** Largest GraphQL request passed on to the gateway. */
const MAX_BODY = 1024 * 1024;

export interface ConsoleServer {
  server: Server;
  url: string;
  close: () => Promise<void>;
}

/**
 * Serves the built console (`dir`) and passes `/graphql` on to the gateway, so the console talks to one origin: its
 * own. The production image does the same with nginx (apps/console/nginx.conf).
 */
export async function serveConsole({
  gatewayUrl,
  port = 0,
  host = '127.0.0.1',
  dir = CONSOLE_DIST,
}: {
  gatewayUrl: string;
  port?: number;
  host?: string;
  dir?: string;
}): Promise<ConsoleServer> {
  const server = createServer((req, res) => {
    const handled = req.url?.startsWith('/graphql') ? pass(req, res, gatewayUrl) : serveFile(req, res, dir);
    handled.catch(() => {
      if (!res.headersSent) res.writeHead(502, HEADERS);
      res.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, host, resolve);
  });
  const address = server.address() as AddressInfo;
  return {
    server,
    url: `http://${host === '0.0.0.0' ? 'localhost' : host}:${address.port}/`,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

async function serveFile(req: IncomingMessage, res: ServerResponse, dir: string) {
  if (req.method !== 'GET' && req.method !== 'HEAD') {
    res.writeHead(405, { ...HEADERS, allow: 'GET, HEAD' }).end();
    return;
  }
  const path = new URL(req.url ?? '/', 'http://console').pathname;
  const file = path === '/' ? 'index.html' : normalize(decodeURIComponent(path)).replace(/^[/\\]+/, '');
  if (file.split(/[/\\]/).includes('..') || !TYPES[extname(file)]) {
    res.writeHead(404, HEADERS).end();
    return;
  }
  const body = await readFile(join(dir, file)).catch(() => null);
  if (!body) {
    res.writeHead(404, HEADERS).end();
    return;
  }
  res.writeHead(200, {
    ...HEADERS,
    'content-type': TYPES[extname(file)],
    'cache-control': file === 'index.html' ? 'no-cache' : 'public, max-age=300',
  });
  res.end(req.method === 'HEAD' ? undefined : body);
}

async function pass(req: IncomingMessage, res: ServerResponse, gatewayUrl: string) {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY) {
      res.writeHead(413, HEADERS).end();
      return;
    }
    chunks.push(chunk);
  }
  const forwarded: Record<string, string> = {};
  for (const name of ['content-type', 'accept', 'authorization', 'apollo-require-preflight']) {
    const value = req.headers[name];
    if (typeof value === 'string') forwarded[name] = value;
  }
  const target = new URL(req.url ?? '/graphql', gatewayUrl);
  const response = await fetch(new URL(target.pathname + target.search, gatewayUrl), {
    method: req.method,
    headers: forwarded,
    body: req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks),
  });
  res.writeHead(response.status, {
    ...HEADERS,
    'content-type': response.headers.get('content-type') ?? 'application/json',
  });
  res.end(Buffer.from(await response.arrayBuffer()));
}
