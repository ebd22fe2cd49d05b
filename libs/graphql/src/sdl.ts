import { readdirSync, readFileSync } from 'node:fs';
import { join, sep } from 'node:path';

/**
 * Declarations every subgraph shares: the Federation 2 link, the Money and DateTime scalars and the Relay-style
 * PageInfo (shareable, so each subgraph can return it). Prepended to each subgraph's own SDL.
 */
export const COMMON_SDL = /* GraphQL */ `
  extend schema
    @link(
      url: "https://specs.apollo.dev/federation/v2.3"
      import: ["@key", "@shareable", "@external", "@requires"]
    )

  "An amount of CNY in integer fen (1 yuan = 100 fen), as a decimal string, e.g. \\"5000000000\\"."
  scalar Money

  "An instant as an ISO-8601 timestamp with time zone, e.g. \\"2026-07-01T08:00:00+08:00\\"."
  scalar DateTime

  "Where a page of a connection ends and whether more follows."
  type PageInfo @shareable {
    hasNextPage: Boolean!
    endCursor: String
  }
`;

export function subgraphTypeDefs(domainSdl: string): string {
  return `${COMMON_SDL}\n${domainSdl}`;
}

/**
 * A subgraph's own SDL, read from its source folder: `schema.graphql` first, then every other `.graphql` file
 * below it (one per feature folder), in path order so the result is the same on every machine. Feature files
 * add root fields with `extend type Query` / `extend type Mutation`.
 */
export function readSubgraphSdl(srcDir: string): string {
  const files = readdirSync(srcDir, { recursive: true, encoding: 'utf8' })
    .filter((file) => file.endsWith('.graphql') && file !== 'schema.graphql')
    .map((file) => file.split(sep).join('/'))
    .sort();
  return ['schema.graphql', ...files].map((file) => readFileSync(join(srcDir, file), 'utf8')).join('\n');
}
