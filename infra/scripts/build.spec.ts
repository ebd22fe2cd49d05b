import { execFileSync, spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { apps, projectRoots, runtimeLibs } from './runtime-graph';

const ROOT = join(__dirname, '../..');

interface Target {
  command?: string;
  options?: { command?: string };
  cache?: boolean;
  inputs?: (string | { input: string; projects: string[] })[];
  outputs?: string[];
  dependsOn?: { target: string; projects: string[] }[];
}

interface NxGraph {
  nodes: Record<string, { data: { root: string; targets: Record<string, Target> } }>;
  dependencies: Record<string, { target: string }[]>;
}

/** Nx's view of the workspace, as `nx graph` computes it. */
function nxGraph(): NxGraph {
  const dir = mkdtempSync(join(tmpdir(), 'nx-graph-'));
  try {
    execFileSync(join(ROOT, 'node_modules/.bin/nx'), ['graph', `--file=${join(dir, 'graph.json')}`], {
      cwd: ROOT,
      stdio: 'pipe',
      env: { ...process.env, NX_DAEMON: 'false', NX_NO_CLOUD: 'true' },
    });
    return (JSON.parse(readFileSync(join(dir, 'graph.json'), 'utf8')) as { graph: NxGraph }).graph;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

describe('per-project builds', () => {
  const graph = nxGraph();
  const projects = Object.fromEntries(Object.entries(graph.nodes).map(([name, node]) => [name, node.data]));

  it.each(apps().map((app) => [app]))(
    '%s builds after exactly the libs its runtime code imports, and its hash covers them',
    (app) => {
      const libs = runtimeLibs(`apps/${app}`);
      const build = projects[app].targets.build;
      expect(libs).not.toContain('testing');
      expect(libs).not.toContain('local-stack');
      expect(libs).toContain('config');
      expect(build.options?.command).toBe(`node infra/scripts/build.mjs apps/${app}`);
      expect(build.cache).toBe(true);
      expect(build.dependsOn).toEqual([{ target: 'build', projects: libs }]);
      expect(build.inputs).toEqual(['production', { input: 'production', projects: libs }, 'buildTool']);
      expect(build.outputs).toEqual([`{workspaceRoot}/dist/apps/${app}`]);
    },
  );

  it('gives every lib a build of its own folder, hashed with the build tooling', () => {
    for (const root of projectRoots().filter((r) => r.startsWith('libs/'))) {
      const build = projects[root.slice('libs/'.length)].targets.build;
      expect({ root, command: build.options?.command, outputs: build.outputs }).toEqual({
        root,
        command: `node infra/scripts/build.mjs ${root}`,
        outputs: [`{workspaceRoot}/dist/${root}`],
      });
      expect(build.inputs).toContain('buildTool');
    }
    const nx = JSON.parse(readFileSync(join(ROOT, 'nx.json'), 'utf8')) as {
      namedInputs: Record<string, string[]>;
    };
    expect(nx.namedInputs.buildTool).toEqual(
      expect.arrayContaining(['{workspaceRoot}/infra/scripts/build.mjs', '{workspaceRoot}/.swcrc']),
    );
  });

  it('sees each project’s imports, tests’ included, without a cycle', () => {
    const deps = (name: string) =>
      (graph.dependencies[name] ?? []).map((d) => d.target).filter((d) => d in projects);
    // What `nx affected` needs: a lib's users, and the test harness's users, are affected by a change to it.
    expect(deps('plans')).toEqual(expect.arrayContaining(['subgraph', 'events', 'testing']));
    expect(deps('gateway')).toEqual(expect.arrayContaining(['plans', 'testing']));
    expect(deps('testing')).toEqual(expect.arrayContaining(['local-stack', 'events']));
    // What the module-boundary lint needs: no cycle, such as events' tests -> testing -> events.
    const cycles: string[] = [];
    const visit = (name: string, path: string[]) => {
      if (path.includes(name)) return void cycles.push([...path, name].join(' -> '));
      for (const dep of deps(name)) visit(dep, [...path, name]);
    };
    for (const name of Object.keys(projects)) visit(name, []);
    expect(cycles).toEqual([]);
  });

  it('the project builds Nx runs for an app, into an empty folder, give a service that loads', () => {
    const out = mkdtempSync(join(tmpdir(), 'build-'));
    try {
      // What `rm -rf dist && nx run plans:build` runs: each lib's build, then the app's.
      const roots = [...runtimeLibs('apps/plans').map((lib) => `libs/${lib}`), 'apps/plans'];
      for (const root of roots) {
        execFileSync(process.execPath, [join(ROOT, 'infra/scripts/build.mjs'), root], {
          cwd: ROOT,
          env: { ...process.env, BUILD_OUT_DIR: out, BUILD_QUIET: '1' },
        });
      }
      expect(readdirSync(join(out, 'apps'))).toEqual(['plans']);
      expect(readdirSync(join(out, 'libs')).sort()).toEqual(runtimeLibs('apps/plans'));
      expect(existsSync(join(out, 'apps/plans/src/main.js'))).toBe(true);
      // A script file, not `node -e`: typeorm's app-root-path wants a main module to find the application from.
      writeFileSync(join(out, 'load.js'), "require('./apps/plans/src/app.module');\n");
      const load = spawnSync(process.execPath, [join(out, 'load.js')], {
        cwd: out,
        encoding: 'utf8',
        env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
      });
      expect({ status: load.status, stderr: load.stderr }).toEqual({ status: 0, stderr: '' });
      // A project's build replaces its own folder and leaves the others alone.
      execFileSync(process.execPath, [join(ROOT, 'infra/scripts/build.mjs'), 'apps/plans'], {
        cwd: ROOT,
        env: { ...process.env, BUILD_OUT_DIR: out, BUILD_QUIET: '1' },
      });
      expect(readdirSync(join(out, 'libs')).sort()).toEqual(runtimeLibs('apps/plans'));
    } finally {
      rmSync(out, { recursive: true, force: true });
    }
  });
});
