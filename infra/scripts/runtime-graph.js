// What a service needs at run time, read from the sources: its own files, the libs they import (transitively) and
// nothing that only tests use. Nx's project graph also counts tests' imports (a subgraph's tests import
// @emergency/testing, the gateway's system test imports every subgraph), which is right for `nx affected -t test`
// but would put the test harness and other apps into a service's build and image. Used by the Nx build plugin
// (infra/scripts/nx-build-plugin.js), the image scripts and their tests. CommonJS, so Nx can load it as is.
'use strict';

const { existsSync, readdirSync, readFileSync } = require('node:fs');
const { join, relative } = require('node:path');

const ROOT = join(__dirname, '../..');

/** Folders and files that never run in production: tests and their helpers. */
function isRuntimeSource(path) {
  return path.endsWith('.ts') && !path.endsWith('.spec.ts') && !path.endsWith('.d.ts');
}

function* runtimeSources(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (!['node_modules', 'test'].includes(entry.name)) yield* runtimeSources(path);
    } else if (isRuntimeSource(path)) {
      yield path;
    }
  }
}

/** `import type ... from '...'` is erased by the compiler, so it is no dependency at run time. */
const TYPE_IMPORT = /\bimport\s+type\s[^;]*?from\s*'[^']*'\s*;?/g;
const LIB_IMPORT = /(?:\bfrom\s*|\brequire\(\s*|\bimport\(\s*|\bimport\s+)'@emergency\/([\w-]+)'/g;

function* allSources(dir) {
  if (!existsSync(dir)) return;
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) {
      if (entry.name !== 'node_modules') yield* allSources(path);
    } else if (path.endsWith('.ts') && !path.endsWith('.d.ts')) {
      yield path;
    }
  }
}

/** The @emergency/* libs a project's runtime sources (or, with `tests`, all its sources) import directly. */
function directLibs(projectRoot, tests = false) {
  const libs = new Set();
  const files = tests ? allSources(join(ROOT, projectRoot)) : runtimeSources(join(ROOT, projectRoot, 'src'));
  for (const file of files) {
    const source = readFileSync(file, 'utf8').replace(TYPE_IMPORT, '');
    for (const match of source.matchAll(LIB_IMPORT)) libs.add(match[1]);
  }
  return libs;
}

/** Every lib a project (`apps/plans`, `libs/subgraph`) needs at run time, itself excluded, sorted. */
function runtimeLibs(projectRoot) {
  const seen = new Set();
  const pending = [...directLibs(projectRoot)];
  while (pending.length > 0) {
    const lib = pending.pop();
    if (seen.has(lib) || `libs/${lib}` === projectRoot) continue;
    seen.add(lib);
    pending.push(...directLibs(`libs/${lib}`));
  }
  return [...seen].sort();
}

/**
 * The libs only a project's tests import (its spec files and test/ folder), not its runtime code. A lib's tests
 * importing @emergency/testing, which imports that lib, is a cycle in Nx's graph though not in any program.
 */
function testOnlyLibs(projectRoot) {
  const runtime = directLibs(projectRoot);
  const name = projectRoot.split('/')[1];
  return [...directLibs(projectRoot, true)].filter((lib) => !runtime.has(lib) && lib !== name).sort();
}

/** The app and lib folders (`apps/plans`, `libs/auth`, ...) that hold a project.json. */
function projectRoots() {
  return ['apps', 'libs'].flatMap((top) =>
    readdirSync(join(ROOT, top), { withFileTypes: true })
      .filter((entry) => entry.isDirectory() && existsSync(join(ROOT, top, entry.name, 'project.json')))
      .map((entry) => `${top}/${entry.name}`),
  );
}

/** The apps that are deployed as services (everything under apps/). */
function apps() {
  return projectRoots()
    .filter((root) => root.startsWith('apps/'))
    .map((root) => root.slice('apps/'.length));
}

module.exports = {
  ROOT,
  apps,
  projectRoots,
  runtimeLibs,
  runtimeSources,
  testOnlyLibs,
  relativeToRoot: (p) => relative(ROOT, p),
};
