// Compiles every TypeScript source under apps/, libs/ and infra/ into dist/ with swc, keeping the folder
// layout and rewriting the @emergency/* path aliases into relative requires, so `node dist/...` runs with
// no loader. Type checking is a separate step (`npm run typecheck`); this stays fast enough to run before
// every start.
//
// `node infra/scripts/build.mjs <project>...` compiles only those projects' folders (`plans` into
// dist/apps/plans, `subgraph` into dist/libs/subgraph) and leaves the rest of dist/ alone: that is each Nx
// project's `build` target, whose libs Nx builds first (infra/scripts/nx-build-plugin.js).
import { createRequire } from 'node:module';
import { transformFile } from '@swc/core';
import { mkdir, readdir, readFile, rm, writeFile, copyFile } from 'node:fs/promises';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
// BUILD_OUT_DIR: a private output folder, for a test whose processes must not see dist/ rebuilt under them.
const outDir = process.env.BUILD_OUT_DIR ? resolve(process.env.BUILD_OUT_DIR) : join(root, 'dist');
const { compilerOptions } = JSON.parse(await readFile(join(root, 'tsconfig.base.json'), 'utf8'));
const swcrc = JSON.parse(await readFile(join(root, '.swcrc'), 'utf8'));
delete swcrc.$schema;
// Only our own aliases are rewritten; other `paths` entries exist for the type checker alone.
const aliases = Object.fromEntries(
  Object.entries(compilerOptions.paths).filter(([alias]) => alias.startsWith('@emergency/')),
);

const { projectRoots } = createRequire(import.meta.url)('./runtime-graph.js');
const requested = process.argv.slice(2);
const roots = projectRoots();
const tops = requested.map((name) => {
  const found = roots.find((r) => r === name || r.endsWith(`/${name}`));
  if (!found)
    throw new Error(`build: no project ${name} (one of ${roots.map((r) => r.split('/')[1]).join(', ')})`);
  return found;
});
if (tops.length === 0) tops.push('apps', 'libs', 'infra');

const COPIED = ['.graphql', '.json', '.yaml'];
const SKIPPED_DIRS = new Set(['node_modules', 'dist', 'test', '.data']);
// The auditor console runs in the browser: infra/console/build.ts bundles it with esbuild into dist/console.
const SKIPPED_PATHS = new Set([join(root, 'apps/console')]);

async function* walk(dir) {
  for (const entry of await readdir(dir, { withFileTypes: true })) {
    if (entry.isDirectory()) {
      const path = join(dir, entry.name);
      if (!SKIPPED_DIRS.has(entry.name) && !SKIPPED_PATHS.has(path)) yield* walk(path);
    } else {
      yield join(dir, entry.name);
    }
  }
}

const started = Date.now();
// A file moved or deleted in the sources must not live on in dist/, where Node would still find it. Only the folders
// compiled here are cleared: dist/console, the auditor console's bundle, is built and served by others.
for (const top of tops) await rm(join(outDir, top), { recursive: true, force: true });
let count = 0;
const jobs = [];
for (const top of tops) {
  for await (const file of walk(join(root, top))) {
    const rel = relative(root, file);
    if (file.endsWith('.spec.ts') || file.endsWith('.d.ts')) continue;
    if (file.endsWith('.ts')) {
      const target = join(outDir, rel.replace(/\.ts$/, '.js'));
      jobs.push(
        transformFile(file, {
          ...swcrc,
          swcrc: false,
          filename: file,
          sourceFileName: relative(dirname(target), file),
          jsc: { ...swcrc.jsc, baseUrl: root, paths: aliases },
        }).then(async (out) => {
          await mkdir(dirname(target), { recursive: true });
          await writeFile(target, `${out.code}\n//# sourceMappingURL=${target.split('/').pop()}.map\n`);
          if (out.map) await writeFile(`${target}.map`, out.map);
          count++;
        }),
      );
    } else if (COPIED.some((ext) => file.endsWith(ext)) && !rel.endsWith('package.json')) {
      const target = join(outDir, rel);
      jobs.push(mkdir(dirname(target), { recursive: true }).then(() => copyFile(file, target)));
    }
  }
}
await Promise.all(jobs);
// On stderr, so commands that print a value (`TOKEN=$(npm run -s token)`) print only that value.
if (process.env.BUILD_QUIET !== '1') {
  const what = requested.length === 0 ? 'dist/' : tops.map((top) => `dist/${top}`).join(', ');
  console.error(`built ${count} files into ${what} in ${Date.now() - started} ms`);
}
