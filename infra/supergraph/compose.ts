import { composeServices } from '@apollo/composition';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { parse } from 'graphql';
import { SUBGRAPHS } from '@emergency/config';
import { readSubgraphSdl, subgraphTypeDefs } from '@emergency/graphql';

const HEADER = '# Composed from apps/*/src/**/*.graphql by `npm run compose`. Do not edit by hand.\n';

/** The repository root, whether this runs from source (tests) or from dist/. */
export function repoRoot(from = __dirname): string {
  let dir = from;
  while (!existsSync(join(dir, 'nx.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no nx.json above ${from}`);
    dir = parent;
  }
  return dir;
}

export const SUPERGRAPH_FILE = join(repoRoot(), 'infra/supergraph/supergraph.graphql');

export interface Composition {
  supergraphSdl?: string;
  errors: string[];
  hints: string[];
}

/** Composes every subgraph's SDL (with the shared declarations) into the supergraph the gateway serves. */
export function composeSupergraph(root = repoRoot()): Composition {
  const result = composeServices(
    SUBGRAPHS.map(({ name, port }) => ({
      name,
      url: `http://127.0.0.1:${port}/graphql`,
      typeDefs: parse(subgraphTypeDefs(readSubgraphSdl(join(root, 'apps', name, 'src')))),
    })),
  );
  if (result.errors) return { errors: result.errors.map((e) => e.message), hints: [] };
  return {
    supergraphSdl: HEADER + result.supergraphSdl,
    errors: [],
    hints: result.hints.map((h) => h.toString()),
  };
}

function main() {
  const check = process.argv.includes('--check');
  const { supergraphSdl, errors, hints } = composeSupergraph();
  for (const hint of hints) process.stderr.write(`hint: ${hint}\n`);
  if (!supergraphSdl) {
    process.stderr.write(`Composition failed:\n${errors.map((e) => `  - ${e}`).join('\n')}\n`);
    process.exit(1);
  }
  const current = existsSync(SUPERGRAPH_FILE) ? readFileSync(SUPERGRAPH_FILE, 'utf8') : '';
  if (check) {
    if (current !== supergraphSdl) {
      process.stderr.write('infra/supergraph/supergraph.graphql is stale: run `npm run compose`\n');
      process.exit(1);
    }
    process.stdout.write('supergraph is up to date\n');
    return;
  }
  writeFileSync(SUPERGRAPH_FILE, supergraphSdl);
  process.stdout.write(`wrote ${SUPERGRAPH_FILE}\n`);
}

if (require.main === module) main();
