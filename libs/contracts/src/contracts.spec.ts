import { readdirSync } from 'node:fs';
import { join, relative } from 'node:path';
import { contractsExportedBy, type EventContract, type EventData } from '@emergency/events';
import {
  ALL_CONTRACTS,
  contractRegistry,
  DOMAINS,
  FundAllocatedV2Contract,
  FundAllocatedV1Contract,
  FundContributionRecordedV1Contract,
  MONEY_CONTRACTS,
  moneyBlock,
  ProcurementRecordedV1Contract,
  type FundAllocatedV1,
  type FundAllocatedV2,
} from './index';
import published from './published-schemas.json';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

/** Every contract module under src/, required one by one (not through the index). */
function contractModules(dir = __dirname): { file: string; exports: object }[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) return contractModules(path);
    if (!entry.name.endsWith('.ts') || entry.name.endsWith('.spec.ts')) return [];
    // Each file on its own, not through the index: a contract the index forgets must still be found.
    // eslint-disable-next-line @typescript-eslint/no-require-imports
    return [{ file: relative(__dirname, path), exports: require(path) as object }];
  });
}

describe('event contracts', () => {
  const sut = contractRegistry();

  it('compile, and name their type after domain, event and version', () => {
    for (const contract of ALL_CONTRACTS) {
      expect(contract.type).toBe(`${contract.domain}.${contract.name}.v${contract.version}`);
      expect(sut.has(contract.type)).toBe(true);
    }
  });

  it('are all registered: every contract any module under libs/contracts exports, every version', () => {
    const modules = contractModules();
    const exported = contractsExportedBy(...modules.map((m) => m.exports));
    expect(exported.length).toBeGreaterThan(30);
    expect(exported.map((c) => c.type).filter((type) => !sut.has(type))).toEqual([]);
    expect(sut.contracts()).toHaveLength(exported.length);
  });

  it('live in the folder of their producing domain', () => {
    // The top level only re-exports them.
    const topLevel = contractModules().filter((m) => !m.file.includes('/'));
    const types = (contracts: readonly { type: string }[]) => contracts.map((c) => c.type).sort();
    expect(types(contractsExportedBy(...topLevel.map((m) => m.exports)))).toEqual(types(ALL_CONTRACTS));
    for (const { file, exports } of contractModules().filter((m) => m.file.includes('/'))) {
      for (const contract of contractsExportedBy(exports)) {
        expect(`${contract.type} in ${file.split('/')[0]}/`).toBe(`${contract.type} in ${contract.domain}/`);
        expect(DOMAINS).toContain(contract.domain);
      }
    }
  });

  it('never change a schema once published: a change is a new version (published-schemas.json)', () => {
    const current = Object.fromEntries(
      ALL_CONTRACTS.map((c) => [c.type, JSON.parse(JSON.stringify(c.schema)) as unknown]),
    );
    expect(current).toEqual(published);
  });

  it('require every property they declare, so consumers never guess at absent fields', () => {
    for (const contract of ALL_CONTRACTS) {
      const { properties, required } = contract.schema;
      expect([...(required ?? [])].sort()).toEqual(Object.keys(properties).sort());
    }
  });

  const allocation: FundAllocatedV1 = {
    allocationId: id(1),
    fundId: id(2),
    incidentId: id(3),
    amountFen: '1000000000000000',
    currency: 'CNY',
    purpose: 'Rebuild Tuanfeng county school',
    payerOrganisationId: id(4),
    payeeOrganisationId: id(5),
    sources: [{ flowId: id(6), amountFen: '1000000000000000' }],
  };

  it('accept money as decimal strings of fen up to the bigint range', () => {
    expect(() => sut.validate(FundAllocatedV1Contract.type, allocation)).not.toThrow();
  });

  it.each([
    ['a float amount', { ...allocation, amountFen: 12.5 }],
    ['a decimal string', { ...allocation, amountFen: '12.50' }],
    ['a leading zero', { ...allocation, amountFen: '0012' }],
    ['another currency', { ...allocation, currency: 'USD' }],
    ['a missing fund id', { ...allocation, fundId: undefined }],
    ['a source without amount', { ...allocation, sources: [{ flowId: id(6) }] }],
  ])('reject %s', (_label, data) => {
    expect(() => sut.validate(FundAllocatedV1Contract.type, JSON.parse(JSON.stringify(data)))).toThrow();
  });

  it('carry the ids that make every money event traceable (v1: spelled out by each event)', () => {
    for (const contract of [
      FundContributionRecordedV1Contract,
      FundAllocatedV1Contract,
      ProcurementRecordedV1Contract,
    ]) {
      expect(contract.schema.required).toEqual(
        expect.arrayContaining(['fundId', 'incidentId', 'amountFen', 'currency']),
      );
    }
  });

  it('embed the current money block in the latest version of every money event', () => {
    const latest = new Map<string, EventContract<unknown>>();
    for (const contract of MONEY_CONTRACTS) {
      const seen = latest.get(contract.name);
      if (!seen || seen.version < contract.version) latest.set(contract.name, contract);
    }
    for (const contract of latest.values()) {
      expect(`${contract.type}: ${contract.schema.properties.money === moneyBlock}`).toBe(
        `${contract.type}: true`,
      );
    }
    expect(moneyBlock.required).toEqual(
      expect.arrayContaining([
        'fundId',
        'allocationId',
        'projectId',
        'incidentId',
        'amountFen',
        'currency',
        'form',
        'goods',
        'payer',
        'payee',
        'sources',
        'reverses',
      ]),
    );
  });
});

// The TypeScript type of a contract's data is the static type of its schema, so the two cannot drift: the checks
// below are compiled by `npm run typecheck` (a drift fails the build) and run against the schema (a drift fails
// the test).
type Equal<A, B> = (<X>() => X extends A ? 1 : 2) extends <X>() => X extends B ? 1 : 2 ? true : false;
const typeIs = <T extends true>(): T => true as T;

describe('a contract type and its schema', () => {
  const sut = contractRegistry();
  const allocated: FundAllocatedV2 = {
    allocationId: id(1),
    purpose: 'Rebuild Tuanfeng county school',
    money: {
      flowId: id(1),
      stage: 'ALLOCATED',
      fundId: id(2),
      allocationId: id(1),
      incidentId: id(3),
      amountFen: '600',
      currency: 'CNY',
      payer: { organisationId: id(4), name: null },
      payee: { organisationId: id(5), name: null },
      sources: [{ flowId: id(6), amountFen: '600' }],
      description: 'Rebuild Tuanfeng county school',
      occurredAt: '2026-07-01T08:00:00.000Z',
    },
  };

  it('are one: the exported type is the schema’s static type', () => {
    expect(typeIs<Equal<FundAllocatedV2, EventData<typeof FundAllocatedV2Contract>>>()).toBe(true);
    expect(typeIs<Equal<FundAllocatedV1, EventData<typeof FundAllocatedV1Contract>>>()).toBe(true);
    expect(
      typeIs<Equal<FundAllocatedV2['money']['stage'], 'PLEDGED' | 'RAISED' | 'ALLOCATED' | 'SPENT'>>(),
    ).toBe(true);
    expect(typeIs<Equal<FundAllocatedV2['money']['payer']['organisationId'], string | null>>()).toBe(true);
  });

  it('accept the same data: what the type allows the schema accepts', () => {
    expect(() => sut.validate(FundAllocatedV2Contract.type, allocated)).not.toThrow();
  });

  it('refuse the same data: what the type forbids the schema rejects', () => {
    const withoutPurpose = { allocationId: allocated.allocationId, money: allocated.money };
    const refused: unknown[] = [
      // @ts-expect-error a required field is missing
      withoutPurpose satisfies FundAllocatedV2,
      // @ts-expect-error a field the contract does not declare
      { ...allocated, note: 'x' } satisfies FundAllocatedV2,
      // @ts-expect-error a stage outside the set
      { ...allocated, money: { ...allocated.money, stage: 'LOST' } } satisfies FundAllocatedV2,
      // @ts-expect-error a number where fen travel as a decimal string
      { ...allocated, money: { ...allocated.money, amountFen: 600 } } satisfies FundAllocatedV2,
      // @ts-expect-error an organisation id that is absent rather than null
      { ...allocated, money: { ...allocated.money, payer: { name: null } } } satisfies FundAllocatedV2,
    ];
    for (const data of refused) expect(() => sut.validate(FundAllocatedV2Contract.type, data)).toThrow();
  });
});
