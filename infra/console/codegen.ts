import { codegen } from '@graphql-codegen/core';
import * as typedDocumentNode from '@graphql-codegen/typed-document-node';
import * as typescriptOperations from '@graphql-codegen/typescript-operations';
import { Supergraph } from '@apollo/federation-internals';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, printSchema, validate } from 'graphql';
import { repoRoot, SUPERGRAPH_FILE } from '../supergraph/compose';

const root = repoRoot();
export const OPERATIONS_FILE = join(root, 'apps/console/src/operations.graphql');
export const GENERATED_FILE = join(root, 'apps/console/src/generated/graphql.ts');

const HEADER =
  '/* eslint-disable */\n// Generated from apps/console/src/operations.graphql and the supergraph by `npm run console:codegen`. ' +
  'Do not edit by hand.\n';

/**
 * The console's typed client: TypeScript types of each operation in operations.graphql (results, variables and the
 * inputs and enums they use) against the supergraph's API schema (what the gateway serves, without the federation
 * directives), and each operation as a typed document string.
 * Throws, naming the fields, when an operation no longer validates against the schema: a schema change that breaks
 * the console fails its build.
 */
export async function generateConsoleClient(): Promise<string> {
  const schema = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8')).apiSchema().toGraphQLJSSchema();
  const document = parse(readFileSync(OPERATIONS_FILE, 'utf8'));
  const errors = validate(schema, document);
  if (errors.length > 0)
    throw new Error(
      `console operations do not match the supergraph:\n${errors.map((e) => `  ${e.message}`).join('\n')}`,
    );
  const output = await codegen({
    schema: parse(printSchema(schema)),
    documents: [{ location: 'operations.graphql', document }],
    filename: GENERATED_FILE,
    config: {
      // Both scalars travel as strings: an ISO instant, and fen as a decimal string (never a float).
      scalars: { DateTime: 'string', Money: 'string' },
      enumType: 'const',
      useTypeImports: true,
      documentMode: 'string',
    },
    plugins: [{ typescriptOperations: {} }, { typedDocumentNode: {} }],
    pluginMap: { typescriptOperations, typedDocumentNode },
    pluginContext: {},
  });
  return HEADER + output;
}

if (require.main === module) {
  generateConsoleClient()
    .then((code) => {
      writeFileSync(GENERATED_FILE, code);
      console.log(`wrote ${GENERATED_FILE.slice(root.length + 1)}`);
    })
    .catch((error: Error) => {
      console.error(error.message);
      process.exitCode = 1;
    });
}
