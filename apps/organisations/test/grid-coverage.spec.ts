import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';
import {
  reading,
  registerOrganisation,
  registerPerson,
  startOrganisations,
  statementsDuring,
  stopAll,
  type OrganisationRef,
} from './fixtures';
import { gridSteps, LINJIANGPU, LINSHANHE, TUANFENG, TUANFENG_TOWN, XIEHE } from './grid.fixtures';
import {
  ASSIGNMENTS_OF_REGION,
  ENTITIES,
  GRID_WORKER_ASSIGNMENTS_OF_PERSON,
  LIST,
  REGION_ASSIGNMENTS,
  regionsAssignments,
  UNCOVERED,
  type Assignment,
  type Connection,
} from './grid.operations';
import { UPDATE_PERSON } from './people.operations';

/** Reading the grid of Tuanfeng county: assignments by region, person and role, and the villages nobody informs for. */
describe('grid assignments and villages without an information officer', () => {
  let sut: TestSubgraph;
  let county: OrganisationRef;
  let township: OrganisationRef;

  beforeAll(async () => {
    sut = await startOrganisations(TUANFENG);
    county = await registerOrganisation(sut, { regionCode: TUANFENG });
    township = await registerOrganisation(sut, { type: 'GOVERNMENT', regionCode: TUANFENG_TOWN });
  }, 120_000);
  afterAll(() => stopAll(sut));

  const { assign, end, allPages, villagesOf, coveredVillages } = gridSteps(() => sut);

  it('shows each caller the assignments of villages in their jurisdiction only', async () => {
    const officer = await registerPerson(sut, county.id);
    const assignment = await assign(officer, XIEHE, 'GRID_WORKER');
    const list = async (identity: Identity, filter: Record<string, unknown> = {}) =>
      (await allPages<Assignment>(LIST, { filter: { personId: officer.id, ...filter } }, 50, identity)).nodes;

    expect((await list(identities.auditor())).map((a) => a.id)).toEqual([assignment.id]);
    expect(await list(identities.operator('421123'))).toEqual([]);
    expect(await list(identities.operator(TUANFENG_TOWN))).toEqual([]);
    // 淋山河镇 sees the assignment of its village, and who covers it, though the county officer is above it.
    const [seen] = await list(identities.operator(LINSHANHE));
    expect(seen).toMatchObject({ id: assignment.id, person: { id: officer.id }, villageCode: XIEHE });
    // A filter on a region outside the jurisdiction narrows to nothing rather than widening.
    expect(await list(identities.operator(LINSHANHE), { regionCode: TUANFENG_TOWN })).toEqual([]);
  });

  it('lists assignments by region, person and role, current only unless ended ones are asked for, across pages', async () => {
    const person = await registerPerson(sut, county.id);
    const villages = (await villagesOf(LINSHANHE)).slice(0, 5);
    const made: Assignment[] = [];
    for (const code of villages) made.push(await assign(person, code, 'GRID_WORKER'));
    made.push(await assign(person, villages[0]!, 'INFORMATION_OFFICER'));
    await end(made[2]!.id);

    const current = await allPages<Assignment>(LIST, { filter: { personId: person.id } }, 2);
    expect(current.pages).toBe(3);
    expect(current.nodes.map((a) => [a.villageCode, a.role])).toEqual([
      [villages[0], 'GRID_WORKER'],
      [villages[0], 'INFORMATION_OFFICER'],
      [villages[1], 'GRID_WORKER'],
      [villages[3], 'GRID_WORKER'],
      [villages[4], 'GRID_WORKER'],
    ]);
    const all = await allPages<Assignment>(LIST, { filter: { personId: person.id, includeEnded: true } }, 4);
    expect(all.nodes).toHaveLength(6);
    expect(all.nodes.find((a) => a.id === made[2]!.id)).toMatchObject({ endReason: '调离' });
    const officers = await allPages<Assignment>(
      LIST,
      { filter: { personId: person.id, role: 'INFORMATION_OFFICER', regionCode: LINSHANHE } },
      10,
    );
    expect(officers.nodes.map((a) => a.id)).toEqual([made[5]!.id]);

    // The same through Person and Region.
    const { person: viaPerson } = await sut.call<{ person: { gridAssignments: Connection<Assignment> } }>(
      GRID_WORKER_ASSIGNMENTS_OF_PERSON,
      { id: person.id },
    );
    expect(viaPerson.gridAssignments.edges.map((e) => e.node.villageCode)).toEqual([
      villages[0],
      villages[1],
      villages[3],
      villages[4],
    ]);
    const { region } = await sut.call<{ region: { gridAssignments: Connection<Assignment> } }>(
      ASSIGNMENTS_OF_REGION,
      { code: villages[2] },
    );
    expect(region.gridAssignments.edges.map((e) => e.node.id)).toEqual([made[2]!.id]);
  });

  it('gives each of nested regions asked in one request the page it gets when asked alone', async () => {
    const person = await registerPerson(sut, county.id);
    const villages = (await villagesOf(LINSHANHE)).slice(5, 8);
    for (const code of villages) await assign(person, code, 'GRID_WORKER');
    await assign(person, villages[0]!, 'INFORMATION_OFFICER');
    // A county, one of its townships and two of that township's villages: their assignments overlap.
    const regions = [TUANFENG, LINSHANHE, villages[0]!, villages[1]!];
    const alone = [];
    for (const code of regions) {
      const { region } = await sut.call<{ region: Record<string, unknown> }>(REGION_ASSIGNMENTS, { code });
      alone.push(region);
    }
    const together = await sut.call<Record<string, Record<string, unknown>>>(regionsAssignments(regions));
    expect(regions.map((_, i) => together[`r${i}`])).toEqual(alone);
    expect(alone[2]).toMatchObject({
      gridAssignments: {
        edges: [
          { node: { villageCode: villages[0], role: 'GRID_WORKER' } },
          { node: { villageCode: villages[0], role: 'INFORMATION_OFFICER' } },
        ],
      },
    });
  });

  it('answers exactly which of Tuanfeng’s 210 villages have no information officer, across pages, one statement per page', async () => {
    const villages = await villagesOf(TUANFENG);
    expect(villages).toHaveLength(210);
    const coveredBefore = await coveredVillages();
    const open = villages.filter((code) => !coveredBefore.has(code));
    // Officers for eight villages spread over the county, a grid worker (who reports nothing) for a ninth,
    // an officer who then leaves their organisation for a tenth; one of the eight assignments then ends.
    expect(open.length).toBeGreaterThan(180);
    const chosen = [0, 20, 40, 60, 80, 100, 120, 140].map((i) => open[i]!);
    const [workerOnly, leaving] = [open[160]!, open[180]!];
    const officers = [];
    for (const code of chosen) officers.push(await assign(await registerPerson(sut, county.id), code));
    await assign(await registerPerson(sut, county.id), workerOnly, 'GRID_WORKER');
    const leaver = await registerPerson(sut, county.id);
    await assign(leaver, leaving);
    await sut.call(UPDATE_PERSON, {
      input: { id: leaver.id, status: 'LEFT' },
    });
    await end(officers[3]!.id, '调离');

    const covered = new Set([...coveredBefore, ...chosen.filter((_, i) => i !== 3)]);
    const expected = villages.filter((code) => !covered.has(code));
    const listed = await allPages<{ code: string; level: string }>(UNCOVERED, { regionCode: TUANFENG }, 17);
    expect(listed.nodes).toHaveLength(210 - covered.size);
    expect(listed.nodes.map((v) => v.code)).toEqual(expected);
    expect(listed.pages).toBe(Math.ceil(expected.length / 17));
    expect(listed.nodes.every((v) => v.level === 'VILLAGE')).toBe(true);
    const codes = new Set(listed.nodes.map((v) => v.code));
    expect(codes.has(chosen[3]!)).toBe(true);
    expect(codes.has(workerOnly)).toBe(true);
    expect(codes.has(leaving)).toBe(true);
    for (const code of chosen.filter((_, i) => i !== 3)) expect(codes.has(code)).toBe(false);
    // Compared against the region table: the listed villages and the covered ones make up the county exactly.
    const { rows } = await sut.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM region
       WHERE level = 'VILLAGE' AND code LIKE '421121%' AND NOT (code = ANY($1::text[]))`,
      [[...codes]],
    );
    expect(rows[0]!.n).toBe(covered.size);

    // A page in the middle of the list costs one statement on the grid (plus the lookup of the region asked for).
    const page = await sut.call<{ villagesWithoutInformationOfficer: Connection<{ code: string }> }>(
      UNCOVERED,
      {
        regionCode: TUANFENG,
        first: 17,
      },
    );
    const statements = await statementsDuring(() =>
      sut.call(UNCOVERED, {
        regionCode: TUANFENG,
        first: 17,
        after: page.villagesWithoutInformationOfficer.pageInfo.endCursor,
      }),
    );
    // The outbox relay polls meanwhile; only statements on the region and grid tables are the query's.
    expect(statements.filter(reading('region'))).toHaveLength(2);
    expect(statements.filter((sql) => /grid_assignment/.test(sql))).toHaveLength(1);
  });

  it('narrows the uncovered villages to a township, to a village, and to the caller’s jurisdiction', async () => {
    const township100 = await villagesOf(TUANFENG_TOWN);
    const covered = await coveredVillages();
    const list = async (regionCode: string, identity: Identity = identities.admin()) =>
      (await allPages<{ code: string }>(UNCOVERED, { regionCode }, 100, identity)).nodes.map((v) => v.code);

    expect(await list(TUANFENG_TOWN)).toEqual(township100.filter((c) => !covered.has(c)));
    // A village answers for itself: listed while it has no officer.
    const village = township100.find((c) => !covered.has(c))!;
    expect(await list(village)).toEqual([village]);
    await assign(await registerPerson(sut, township.id), village);
    expect(await list(village)).toEqual([]);
    // A township operator asking about the county sees the township's villages only; another county sees none.
    const ownTownship = await list(TUANFENG, identities.operator(TUANFENG_TOWN));
    expect(ownTownship.length).toBeGreaterThan(0);
    expect(ownTownship.every((c) => c.startsWith(TUANFENG_TOWN))).toBe(true);
    expect(await list(TUANFENG, identities.operator('421123'))).toEqual([]);
  });

  it.each([
    ['an unknown region', '421121999', 'REGION_NOT_FOUND'],
    ['a malformed code', '42112', 'INVALID_REGION_CODE'],
  ])('refuses to list uncovered villages of %s', async (_label, regionCode, code) => {
    expect(await sut.failure(UNCOVERED, { regionCode })).toMatchObject({ code, field: 'regionCode' });
  });

  it('resolves assignment references in one statement, hiding those outside the caller’s jurisdiction', async () => {
    const a = await assign(await registerPerson(sut, township.id), LINJIANGPU, 'GRID_WORKER');
    const b = await assign(await registerPerson(sut, county.id), XIEHE, 'GRID_WORKER');
    const representations = [a, b].map((x) => ({ __typename: 'GridAssignment', id: x.id }));
    let result: { _entities: ({ id: string } | null)[] } | undefined;
    const statements = await statementsDuring(async () => {
      result = await sut.call(ENTITIES, { representations }, identities.operator(TUANFENG_TOWN));
    });
    expect(statements.filter((sql) => /grid_assignment/.test(sql))).toHaveLength(1);
    expect(result!._entities).toEqual([{ id: a.id, villageCode: LINJIANGPU }, null]);
  });
});
