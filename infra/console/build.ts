import { build } from 'esbuild';
import { copyFile, mkdir, readFile, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { repoRoot } from '../supergraph/compose';
import { GENERATED_FILE, generateConsoleClient } from './codegen';

const root = repoRoot();
const SOURCE = join(root, 'apps/console/src');
export const CONSOLE_DIST = join(root, 'dist/console');

/**
 * What the console may weigh, gzipped, as a browser on a slow provincial network downloads it: its script (React,
 * the Sankey chart of ECharts and the console) and its stylesheet. `npm test` builds it and fails above these; the
 * README states them.
 */
export const BUNDLE_BUDGET_KIB = { script: 240, stylesheet: 8 };

export interface ConsoleBuild {
  dir: string;
  /** Gzipped sizes in bytes. */
  scriptGzip: number;
  stylesheetGzip: number;
}

/**
 * Builds the console into `outDir` (dist/console): index.html, console.js (one minified bundle, nothing loaded from
 * elsewhere) and console.css. First checks the generated client is the one operations.graphql and the supergraph
 * give, so a schema change that breaks the console fails here.
 */
export async function buildConsole(outDir = CONSOLE_DIST): Promise<ConsoleBuild> {
  const generated = await generateConsoleClient();
  if (generated !== (await readFile(GENERATED_FILE, 'utf8')))
    throw new Error('apps/console/src/generated/graphql.ts is out of date: run `npm run console:codegen`');
  await rm(outDir, { recursive: true, force: true });
  await mkdir(outDir, { recursive: true });
  await build({
    entryPoints: { console: join(SOURCE, 'main.tsx') },
    outdir: outDir,
    bundle: true,
    minify: true,
    format: 'iife',
    target: ['es2020', 'chrome100', 'firefox100', 'safari15'],
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    legalComments: 'linked',
    logLevel: 'warning',
    tsconfig: join(SOURCE, 'tsconfig.json'),
  });
  await copyFile(join(SOURCE, 'index.html'), join(outDir, 'index.html'));
  const gzip = async (file: string) => gzipSync(await readFile(join(outDir, file))).length;
  return { dir: outDir, scriptGzip: await gzip('console.js'), stylesheetGzip: await gzip('console.css') };
}

/** The budget's overruns, as sentences; empty when the build fits. */
export function overBudget(built: ConsoleBuild): string[] {
  const over: string[] = [];
  const kib = (bytes: number) => (bytes / 1024).toFixed(1);
  if (built.scriptGzip > BUNDLE_BUDGET_KIB.script * 1024)
    over.push(
      `console.js is ${kib(built.scriptGzip)} KiB gzipped, over its ${BUNDLE_BUDGET_KIB.script} KiB budget`,
    );
  if (built.stylesheetGzip > BUNDLE_BUDGET_KIB.stylesheet * 1024)
    over.push(
      `console.css is ${kib(built.stylesheetGzip)} KiB gzipped, over its ${BUNDLE_BUDGET_KIB.stylesheet} KiB budget`,
    );
  return over;
}

if (require.main === module) {
  buildConsole()
    .then((built) => {
      const kib = (bytes: number) => `${(bytes / 1024).toFixed(1)} KiB`;
      console.log(
        `built the console into ${built.dir.slice(root.length + 1)}: console.js ${kib(built.scriptGzip)}, ` +
          `console.css ${kib(built.stylesheetGzip)} gzipped`,
      );
      const over = overBudget(built);
      if (over.length > 0) throw new Error(over.join('; '));
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
