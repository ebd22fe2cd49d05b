import { LEDGER_SCALE, onlyScenarios, SCENARIOS, selection } from './bench';
import { ledgerScaleFromEnv } from './run';
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

  it('measures the ledger at scale in a whole run, or alone when BENCH_ONLY names it', () => {
    expect(selection(scenarios, undefined)).toEqual({ scenarios, ledgerScale: true });
    expect(selection(scenarios, 'Ledger at')).toEqual({ scenarios: [], ledgerScale: true });
    expect(selection(scenarios, LEDGER_SCALE)).toEqual({ scenarios: [], ledgerScale: true });
    expect(selection(scenarios, 'mutation mix')).toEqual({
      scenarios: [{ name: SCENARIOS.mutations }],
      ledgerScale: false,
    });
    expect(() => selection(scenarios, 'nothing like it')).toThrow(/no scenario's name contains/);
  });

  it('reads the ledger at scale’s sizes from BENCH_LEDGER_SCALE', () => {
    expect(ledgerScaleFromEnv(undefined)).toEqual({ small: 1_000, large: 100_000, samples: 50 });
    expect(ledgerScaleFromEnv('100,2000,5')).toEqual({ small: 100, large: 2_000, samples: 5 });
    expect(() => ledgerScaleFromEnv('100,many')).toThrow(/BENCH_LEDGER_SCALE/);
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
