import {
  ALL_CONTRACTS,
  contractRegistry,
  FundAllocated,
  FundContributionRecorded,
  ProcurementRecorded,
  type FundAllocatedV1,
} from './index';

const id = (n: number) => `00000000-0000-4000-8000-${String(n).padStart(12, '0')}`;

describe('event contracts', () => {
  const sut = contractRegistry();

  it('compile, and name their type after domain, event and version', () => {
    for (const contract of ALL_CONTRACTS) {
      expect(contract.type).toBe(`${contract.domain}.${contract.name}.v${contract.version}`);
      expect(sut.has(contract.type)).toBe(true);
    }
  });

  it('require every property they declare, so consumers never guess at absent fields', () => {
    for (const contract of ALL_CONTRACTS) {
      const schema = contract.schema as { properties: Record<string, unknown>; required: string[] };
      expect([...schema.required].sort()).toEqual(Object.keys(schema.properties).sort());
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
    expect(() => sut.validate(FundAllocated.type, allocation)).not.toThrow();
  });

  it.each([
    ['a float amount', { ...allocation, amountFen: 12.5 }],
    ['a decimal string', { ...allocation, amountFen: '12.50' }],
    ['a leading zero', { ...allocation, amountFen: '0012' }],
    ['another currency', { ...allocation, currency: 'USD' }],
    ['a missing fund id', { ...allocation, fundId: undefined }],
    ['a source without amount', { ...allocation, sources: [{ flowId: id(6) }] }],
  ])('reject %s', (_label, data) => {
    expect(() => sut.validate(FundAllocated.type, JSON.parse(JSON.stringify(data)))).toThrow();
  });

  it('carry the ids that make every money event traceable', () => {
    for (const contract of [FundContributionRecorded, FundAllocated, ProcurementRecorded]) {
      const { required } = contract.schema as { required: string[] };
      expect(required).toEqual(expect.arrayContaining(['fundId', 'incidentId', 'amountFen', 'currency']));
    }
  });
});
