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
