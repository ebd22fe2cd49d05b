import { readFileSync } from 'node:fs';
import { Supergraph } from '@apollo/federation-internals';
import { SUBGRAPHS } from '@emergency/config';
import { composeSupergraph, SUPERGRAPH_FILE } from './compose';

describe('supergraph composition', () => {
  const composition = composeSupergraph();

  it('composes every subgraph without errors', () => {
    expect(composition.errors).toEqual([]);
    expect(composition.supergraphSdl).toBeDefined();
  });

  it('matches the checked-in supergraph (run `npm run compose` after changing a schema.graphql)', () => {
    expect(readFileSync(SUPERGRAPH_FILE, 'utf8')).toBe(composition.supergraphSdl);
  });

  it('routes to all five subgraphs and shares the Organisation and Incident entities', () => {
    const supergraph = Supergraph.build(readFileSync(SUPERGRAPH_FILE, 'utf8'));
    const names = supergraph.subgraphsMetadata().map((s) => s.name);
    expect([...names].sort()).toEqual(SUBGRAPHS.map((s) => s.name).sort());
    const subgraphs = supergraph.subgraphs().values();
    for (const entity of ['Organisation', 'Incident']) {
      const holders = subgraphs.filter((s) => s.schema.type(entity)).map((s) => s.name);
      expect(holders.length).toBeGreaterThan(1);
    }
  });
});
