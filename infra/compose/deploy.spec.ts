import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { gatewayConfig, subgraphConfig, SUBGRAPHS } from '@emergency/config';

const variablesOf = (file: string) =>
  readFileSync(join(__dirname, '../deploy', file), 'utf8')
    .split('\n')
    .filter((line) => /^[A-Z_]+=/.test(line))
    .map((line) => line.slice(0, line.indexOf('=')))
    .sort();

/** The deployment examples are what operators copy: they must name exactly what each service reads. */
describe('infra/deploy/*.env.example', () => {
  it.each(SUBGRAPHS.map((s) => [s.name, s.port] as const))(
    'lists every variable the %s subgraph reads',
    (name, port) => {
      expect(variablesOf(`${name}.env.example`)).toEqual(
        ['NODE_ENV', ...Object.keys(subgraphConfig(name, port).specs)].sort(),
      );
    },
  );

  it('lists every variable the gateway reads', () => {
    expect(variablesOf('gateway.env.example')).toEqual(
      ['NODE_ENV', ...Object.keys(gatewayConfig.specs)].sort(),
    );
  });
});
