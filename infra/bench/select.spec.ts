import { onlyScenarios, SCENARIOS } from './bench';
import { profiledProcesses } from './system';

describe('what a benchmark run covers', () => {
  const scenarios = Object.values(SCENARIOS).map((name) => ({ name }));

  it('runs every scenario when BENCH_ONLY is unset', () => {
    expect(onlyScenarios(scenarios, undefined)).toEqual(scenarios);
  });

  it('runs only the scenarios whose name contains BENCH_ONLY, in any case', () => {
    expect(onlyScenarios(scenarios, 'Mutation MIX').map(({ name }) => name)).toEqual([SCENARIOS.mutations]);
    expect(onlyScenarios(scenarios, 'one subgraph, via gateway, a caller').map(({ name }) => name)).toEqual([
      SCENARIOS.oneCallers,
    ]);
  });

  it('refuses a BENCH_ONLY no scenario matches, naming them', () => {
    expect(() => onlyScenarios(scenarios, 'nothing like it')).toThrow(
      /no scenario's name contains "nothing like it": nested query, four subgraphs; /,
    );
  });

  it('profiles the processes BENCH_PROFILE names, and refuses one it does not know', () => {
    expect(profiledProcesses(undefined)).toEqual([]);
    expect(profiledProcesses(' gateway, incidents,audit,gateway ')).toEqual([
      'gateway',
      'incidents',
      'audit',
    ]);
    expect(() => profiledProcesses('gateway,postgres')).toThrow(
      'BENCH_PROFILE: no process postgres (one of gateway, organisations, plans, supplies, incidents, audit)',
    );
  });
});
