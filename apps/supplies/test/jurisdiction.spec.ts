import { identities, type TestSubgraph } from '@emergency/testing';
import {
  allocate,
  balanceOf,
  COUNTY,
  known,
  OTHER_COUNTY,
  purchase,
  recordProcurement,
  startWithIncidents,
  stopWithIncidents,
  type IncidentsTopic,
} from './fixtures';
import { PROCUREMENT, PROCUREMENTS, RECORD_PROCUREMENT } from './procurement.operations';

const ENTITIES = `query($reps: [_Any!]!) {
  _entities(representations: $reps) {
    ... on Procurement { id }
    ... on FundAllocation { id spentFen procurements(first: 10) { edges { node { id } } } }
  }
}`;

/**
 * Who sees and spends which allocation: a caller limited to a region sees an allocation and what it bought when the
 * incident or the recipient lies in that region, on every path (by id, in lists, as entities, when spending).
 */
describe('allocations and procurements within a jurisdiction', () => {
  let sut: TestSubgraph;
  let incidents: IncidentsTopic;

  beforeAll(async () => ({ sut, incidents } = await startWithIncidents()), 120_000);
  afterAll(() => stopWithIncidents(sut, incidents));

  it('keeps an operator scoped to a county to that county’s incidents on every path', async () => {
    const tuanfeng = await allocate(incidents, '100000', { payeeOrganisationId: COUNTY.id }, '421121');
    const xiaonan = await allocate(incidents, '100000', { payeeOrganisationId: OTHER_COUNTY.id }, '420902');
    await known(sut, tuanfeng.allocationId, tuanfeng.incidentId);
    await known(sut, xiaonan.allocationId, xiaonan.incidentId);
    const bought = async (allocationId: string) =>
      (await recordProcurement(sut, allocationId, { quantity: 1, unitPriceFen: '100' })).id;
    const ours = await bought(tuanfeng.allocationId);
    const theirs = await bought(xiaonan.allocationId);
    // The documented way to scope an operator: a region and no organisation.
    const county = identities.operator('421121');

    expect(await balanceOf(sut, tuanfeng.allocationId, county)).toMatchObject({ spentFen: '100' });
    expect(await balanceOf(sut, xiaonan.allocationId, county)).toBeNull();
    expect(await balanceOf(sut, xiaonan.allocationId, identities.operator('420900'))).toMatchObject({
      spentFen: '100',
    });

    expect((await sut.call<{ procurement: unknown }>(PROCUREMENT, { id: ours }, county)).procurement).toEqual(
      {
        id: ours,
      },
    );
    expect(
      (await sut.call<{ procurement: unknown }>(PROCUREMENT, { id: theirs }, county)).procurement,
    ).toBeNull();

    const { procurements } = await sut.call<{ procurements: { edges: { node: { id: string } }[] } }>(
      PROCUREMENTS,
      { first: 100 },
      county,
    );
    const listed = procurements.edges.map((e) => e.node.id);
    expect(listed).toContain(ours);
    expect(listed).not.toContain(theirs);
    const filtered = await sut.call<{ procurements: { edges: unknown[] } }>(
      PROCUREMENTS,
      { filter: { allocationId: xiaonan.allocationId }, first: 100 },
      county,
    );
    expect(filtered.procurements.edges).toEqual([]);

    const { _entities } = await sut.call<{ _entities: unknown[] }>(
      ENTITIES,
      {
        reps: [
          { __typename: 'Procurement', id: ours },
          { __typename: 'Procurement', id: theirs },
          { __typename: 'FundAllocation', id: tuanfeng.allocationId },
          { __typename: 'FundAllocation', id: xiaonan.allocationId },
        ],
      },
      county,
    );
    expect(_entities).toEqual([
      { id: ours },
      null,
      { id: tuanfeng.allocationId, spentFen: '100', procurements: { edges: [{ node: { id: ours } }] } },
      { id: xiaonan.allocationId, spentFen: '0', procurements: { edges: [] } },
    ]);

    // Spending: another county's allocation is refused, writing nothing; the county's own is allowed.
    const before = await sut.count('procurement');
    expect(
      await sut.failure(
        RECORD_PROCUREMENT,
        purchase(xiaonan.allocationId, { quantity: 1, unitPriceFen: '1' }),
        county,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'allocationId' });
    expect(await sut.count('procurement')).toBe(before);
    expect(await sut.count('outbox')).toBe(before);
    await recordProcurement(sut, tuanfeng.allocationId, { quantity: 1, unitPriceFen: '1' }, county);
    expect(await sut.count('procurement')).toBe(before + 1);
  });

  it('lets a county see and spend what a prefecture’s fund allocated to it, and nothing of its neighbour’s', async () => {
    // The incident is Huanggang's (a prefecture), the recipients are two of its counties.
    const ours = await allocate(incidents, '1000', { payeeOrganisationId: COUNTY.id }, '421100');
    const neighbours = await allocate(incidents, '1000', { payeeOrganisationId: OTHER_COUNTY.id }, '421100');
    await known(sut, ours.allocationId, ours.incidentId);
    await known(sut, neighbours.allocationId, neighbours.incidentId);
    const county = identities.operator('421121');
    expect(await balanceOf(sut, ours.allocationId, county)).toMatchObject({ spentFen: '0' });
    expect(await balanceOf(sut, neighbours.allocationId, county)).toBeNull();

    const before = await sut.count('procurement');
    expect(
      await sut.failure(
        RECORD_PROCUREMENT,
        purchase(neighbours.allocationId, { quantity: 1, unitPriceFen: '1' }),
        county,
      ),
    ).toMatchObject({ code: 'OUTSIDE_JURISDICTION', field: 'allocationId' });
    expect(await sut.count('procurement')).toBe(before);
    await recordProcurement(sut, ours.allocationId, { quantity: 1, unitPriceFen: '1' }, county);
    expect(await sut.count('procurement')).toBe(before + 1);
  });
});
