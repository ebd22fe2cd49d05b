import { ApolloServer, type ApolloServerPlugin } from '@apollo/server';
import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { uncacheableResponses } from './server-policy';

const typeDefs = `type Query { items: [Item!]! broken: String }
type Item { id: ID! name: String! }`;
const resolvers = {
  Query: {
    items: () => [
      { id: '1', name: 'a' },
      { id: '2', name: 'b' },
    ],
    broken: () => {
      throw new Error('no');
    },
  },
};

/** A plugin that sets `cache-control` before the cache-control plugins look at it. */
const presetHeader = (value: string): ApolloServerPlugin => ({
  requestDidStart: async () => ({
    willSendResponse: async ({ response }) => {
      response.http.headers.set('cache-control', value);
    },
  }),
});

async function cacheControlOf(plugins: ApolloServerPlugin[], query: string) {
  const server = new ApolloServer({ typeDefs, resolvers, plugins });
  await server.start();
  try {
    const response = await server.executeOperation({ query });
    return response.http.headers.get('cache-control');
  } finally {
    await server.stop();
  }
}

describe('uncacheableResponses', () => {
  // Apollo's cache control is on by default. (ApolloServer adds to the array it is given: each gets its own.)
  const apollos = (preset: ApolloServerPlugin[] = []) => [...preset];
  const ours = (preset: ApolloServerPlugin[] = []) => [
    ...preset,
    ApolloServerPluginCacheControlDisabled(),
    uncacheableResponses(),
  ];

  it.each([
    ['a query', '{ items { id name } }', []],
    ['a query whose field fails', '{ broken }', []],
    ['an invalid query', '{ nothing }', []],
    ['a header set before as a cache hint', '{ items { id } }', [presetHeader('max-age=60, public')]],
    ['a header set before as uncacheable', '{ items { id } }', [presetHeader('no-store')]],
    ['a header set before that is no hint', '{ items { id } }', [presetHeader('private, max-age=5')]],
  ])('answers %s with the header Apollo’s cache control gives', async (_what, query, preset) => {
    const expected = await cacheControlOf(apollos(preset), query);
    expect(expected).toBeDefined();
    expect(await cacheControlOf(ours(preset), query)).toBe(expected);
  });

  it('sets no-store where Apollo’s cache control is off and nothing else would', async () => {
    expect(
      await cacheControlOf([ApolloServerPluginCacheControlDisabled()], '{ items { id } }'),
    ).toBeUndefined();
    expect(await cacheControlOf(ours(), '{ items { id } }')).toBe('no-store');
  });
});
