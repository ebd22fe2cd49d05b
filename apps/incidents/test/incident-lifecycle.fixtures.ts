import type { TestSubgraph } from '@emergency/testing';

/** What the lifecycle's writes touch: a refused one must leave every count as it was. */
export async function writtenByLifecycle(sut: TestSubgraph) {
  return {
    incidents: await sut.count('incident'),
    rules: await sut.count('grading_rule'),
    decisions: await sut.count('incident_grade_decision'),
    responses: await sut.count('incident_response'),
    statusChanges: await sut.count('incident_status_change'),
    outbox: await sut.count('outbox'),
  };
}

/** An incident's stored grade and status, as a refused write must leave them. */
export async function incidentRow(sut: TestSubgraph, id: string) {
  const { rows } = await sut.db.query(`SELECT severity, status FROM incident WHERE id = $1`, [id]);
  return rows[0] as { severity: string; status: string };
}

/** The mine accident of the demo story: 12 dead, 8 seriously injured, 5,500万 yuan lost, in Macheng. */
export const MINE_ACCIDENT = {
  title: 'Coal mine roof collapse, Macheng',
  category: 'ACCIDENT',
  subcategory: 'MINING',
  severity: 'IV',
  regionCode: '421181',
  figures: { deaths: 12, injured: 20, seriouslyInjured: 8, directLossFen: '5500000000' },
};

/** `minutes` after `at`. */
export const plusMinutes = (at: Date, minutes: number) => new Date(at.getTime() + minutes * 60_000);
export const plusDays = (at: Date, days: number) => plusMinutes(at, days * 24 * 60);
