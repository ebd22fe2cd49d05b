import { identities, type TestSubgraph } from '@emergency/testing';
import { unique } from './fixtures';
import { LIST, RECORD, type Connection, type TrainingRecord } from './training.operations';

/** A passed 40-hour flood-control course of May 2025, unless `changes` say otherwise. */
export const trainingInput = (personId: string, changes: Record<string, unknown> = {}) => ({
  personId,
  courseTitle: unique('防汛抢险技能培训'),
  category: 'FLOOD_CONTROL',
  provider: '黄冈市应急管理干部培训中心',
  startedOn: '2025-05-12',
  completedOn: '2025-05-16',
  hours: 40,
  result: 'PASSED',
  ...changes,
});

export async function recordTraining(
  sut: TestSubgraph,
  personId: string,
  changes: Record<string, unknown> = {},
  identity = identities.admin(),
): Promise<TrainingRecord> {
  const { recordTraining } = await sut.call<{ recordTraining: TrainingRecord }>(
    RECORD,
    { input: trainingInput(personId, changes) },
    identity,
  );
  return recordTraining;
}

export async function listTrainingRecords(
  sut: TestSubgraph,
  filter: Record<string, unknown>,
  identity = identities.admin(),
  first = 100,
) {
  const { trainingRecords } = await sut.call<{ trainingRecords: Connection<TrainingRecord> }>(
    LIST,
    { filter, first },
    identity,
  );
  return trainingRecords.edges.map((e) => e.node);
}
