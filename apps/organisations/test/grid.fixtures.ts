import type { Identity } from '@emergency/auth';
import { identities, type TestSubgraph } from '@emergency/testing';
import type { PersonRef } from './fixtures';
import { ASSIGN, END, UNCOVERED, type Assignment, type Connection } from './grid.operations';

// Tuanfeng county: 团风镇 (421121100) and its villages 临江铺村 and 罗家沟村; 淋山河镇 (421121101) and its 谢河村.
export const TUANFENG = '421121';
export const TUANFENG_TOWN = '421121100';
export const LINJIANGPU = '421121100201';
export const LUOJIAGOU = '421121100202';
export const LINSHANHE = '421121101';
export const XIEHE = '421121101201';

/** Assigns `person` to the village, as its information officer unless `role` says otherwise. */
export async function assignGridWorker(
  sut: TestSubgraph,
  person: PersonRef,
  villageCode: string,
  role = 'INFORMATION_OFFICER',
  identity: Identity = identities.admin(),
): Promise<Assignment> {
  return (
    await sut.call<{ assignGridWorker: Assignment }>(
      ASSIGN,
      { input: { personId: person.id, villageCode, role } },
      identity,
    )
  ).assignGridWorker;
}

export async function endGridAssignment(sut: TestSubgraph, id: string, reason = '调离'): Promise<Assignment> {
  return (await sut.call<{ endGridAssignment: Assignment }>(END, { input: { id, reason } }))
    .endGridAssignment;
}

/** Every page of the one connection `query` asks for, `first` at a time. */
export async function allPagesOf<T>(
  sut: TestSubgraph,
  query: string,
  variables: Record<string, unknown>,
  first: number,
  identity: Identity = identities.admin(),
): Promise<{ nodes: T[]; pages: number }> {
  const nodes: T[] = [];
  let after: string | null = null;
  let pages = 0;
  for (;;) {
    const data: Record<string, Connection<T>> = await sut.call(
      query,
      { ...variables, first, after },
      identity,
    );
    const connection: Connection<T> = Object.values(data)[0]!;
    pages++;
    nodes.push(...connection.edges.map((e) => e.node));
    if (!connection.pageInfo.hasNextPage) return { nodes, pages };
    after = connection.pageInfo.endCursor;
  }
}

/** Villages of `prefix`'s subtree straight from the region table, in code order. */
export async function villagesUnder(sut: TestSubgraph, prefix: string): Promise<string[]> {
  const { rows } = await sut.db.query<{ code: string }>(
    `SELECT code FROM region WHERE level = 'VILLAGE' AND code LIKE $1 ORDER BY code`,
    [`${prefix}%`],
  );
  return rows.map((r) => r.code);
}

/**
 * `n` villages of Tuanfeng where nobody holds a current assignment, from the end of the county so as not to meet
 * the villages other tests name: whether they have an information officer depends on the calling test alone.
 */
export async function villagesWithoutAssignment(sut: TestSubgraph, n: number): Promise<string[]> {
  const { rows } = await sut.db.query<{ code: string }>(
    `SELECT code FROM region r WHERE level = 'VILLAGE' AND code LIKE $1
       AND NOT EXISTS (SELECT 1 FROM grid_assignment g WHERE g.village_code = r.code AND g.ended_at IS NULL)
     ORDER BY code DESC LIMIT $2`,
    [`${TUANFENG}%`, n],
  );
  expect(rows).toHaveLength(n);
  return rows.map((r) => r.code);
}

/** villagesWithoutInformationOfficer of one region, every page. */
export async function uncoveredVillages(sut: TestSubgraph, regionCode: string): Promise<string[]> {
  return (await allPagesOf<{ code: string }>(sut, UNCOVERED, { regionCode }, 100)).nodes.map((v) => v.code);
}

/** Events the service queued under `key`, sent or not: what it published, whatever the broker has delivered. */
export async function queuedEvents(sut: TestSubgraph, key: string): Promise<string[]> {
  return (
    await sut.db.query<{ event_type: string }>(
      `SELECT event_type FROM outbox WHERE message_key = $1 ORDER BY seq`,
      [key],
    )
  ).rows.map((r) => r.event_type);
}

/** How many current assignments the person holds. */
export async function currentAssignments(sut: TestSubgraph, personId: string): Promise<number> {
  return (
    await sut.db.query<{ n: number }>(
      `SELECT count(*)::int AS n FROM grid_assignment WHERE person_id = $1 AND ended_at IS NULL`,
      [personId],
    )
  ).rows[0]!.n;
}

/** Villages some test has given a current information officer who is still with their organisation. */
export async function villagesCovered(sut: TestSubgraph): Promise<Set<string>> {
  const { rows } = await sut.db.query<{ village_code: string }>(
    `SELECT DISTINCT g.village_code FROM grid_assignment g JOIN person p ON p.id = g.person_id
     WHERE g.role = 'INFORMATION_OFFICER' AND g.ended_at IS NULL AND p.status = 'ACTIVE'`,
  );
  return new Set(rows.map((r) => r.village_code));
}

/** A spec file's grid steps on its subgraph, read through `sut` once its `beforeAll` has run. */
export function gridSteps(sut: () => TestSubgraph) {
  return {
    assign: (person: PersonRef, villageCode: string, role?: string, identity?: Identity) =>
      assignGridWorker(sut(), person, villageCode, role, identity),
    end: (id: string, reason?: string) => endGridAssignment(sut(), id, reason),
    allPages: <T>(query: string, variables: Record<string, unknown>, first: number, identity?: Identity) =>
      allPagesOf<T>(sut(), query, variables, first, identity),
    freeVillages: (n: number) => villagesWithoutAssignment(sut(), n),
    uncovered: (regionCode: string) => uncoveredVillages(sut(), regionCode),
    queued: (key: string) => queuedEvents(sut(), key),
    currentOf: (personId: string) => currentAssignments(sut(), personId),
    villagesOf: (prefix: string) => villagesUnder(sut(), prefix),
    coveredVillages: () => villagesCovered(sut()),
  };
}
