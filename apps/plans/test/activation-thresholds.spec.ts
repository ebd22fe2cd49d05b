import { identities, readTopic, eventually } from '@emergency/testing';
import {
  declared,
  floodKey,
  floodPlans,
  IncidentReported,
  IncidentResponseDeclared,
  play,
  PLANS_FOR_INCIDENT,
  reported,
  startActivation,
  stopActivation,
  type ActivationWorld,
  type IncidentPlans,
} from './activation.fixtures';

const THRESHOLDS = `query($regionCode: String!) {
  planActivationThresholds(regionCode: $regionCode) { regionPrefix planLevel fromLevel source systemDefault }
}`;
const SET_THRESHOLDS = `mutation($input: SetPlanActivationThresholdsInput!) {
  setPlanActivationThresholds(input: $input) { regionPrefix planLevel fromLevel source systemDefault }
}`;

interface Threshold {
  regionPrefix: string;
  planLevel: string;
  fromLevel: string;
  source: string;
  systemDefault: boolean;
}

/** Activation thresholds: data per jurisdiction prefix, seeded with the system's defaults, replaced by admins. */
describe('plan activation thresholds', () => {
  let world: ActivationWorld;

  beforeAll(async () => (world = await startActivation()), 120_000);
  afterAll(() => stopActivation(world));

  const thresholds = async (regionCode: string) =>
    (
      await world.sut.call<{ planActivationThresholds: Threshold[] }>(THRESHOLDS, {
        regionCode,
      })
    ).planActivationThresholds;
  const levels = async (regionCode: string) =>
    Object.fromEntries((await thresholds(regionCode)).map((t) => [t.planLevel, t.fromLevel]));

  it('answers the system defaults in force, marked as such', async () => {
    const rules = await thresholds('421121');
    expect(Object.fromEntries(rules.map((t) => [t.planLevel, t.fromLevel]))).toEqual({
      PROVINCIAL: 'II',
      PREFECTURAL: 'III',
      COUNTY: 'IV',
      TOWNSHIP: 'IV',
      VILLAGE: 'IV',
    });
    expect(rules.every((t) => t.systemDefault && t.regionPrefix === '')).toBe(true);
  });

  it('replaces a province’s set, which then decides for its plans, and hands it back when emptied', async () => {
    const plans = await floodPlans(world.sut);
    const reader = await readTopic(world.sut.topic);
    try {
      const { setPlanActivationThresholds } = await world.sut.call<{
        setPlanActivationThresholds: Threshold[];
      }>(SET_THRESHOLDS, {
        input: {
          regionCode: '420000',
          thresholds: [
            { planLevel: 'PROVINCIAL', fromLevel: 'III', source: 'Hubei provincial rules' },
            { planLevel: 'COUNTY', fromLevel: 'IV', source: 'Hubei provincial rules' },
          ],
        },
      });
      expect(setPlanActivationThresholds).toHaveLength(2);
      expect(await levels('421121')).toEqual({ PROVINCIAL: 'III', COUNTY: 'IV' });
      // Another province keeps the national set.
      expect(await levels('360000')).toMatchObject({ PROVINCIAL: 'II', PREFECTURAL: 'III' });
      await eventually(async () =>
        expect(reader.messages.find((m) => m.key === 'plan-activation-thresholds:42')?.value).toMatchObject({
          regionPrefix: '42',
          thresholds: [
            { planLevel: 'PROVINCIAL', fromLevel: 'III', source: 'Hubei provincial rules' },
            { planLevel: 'COUNTY', fromLevel: 'IV', source: 'Hubei provincial rules' },
          ],
        }),
      );

      // A response at III now starts the province's plan; Hubei's set names no prefectural level.
      const key = floodKey();
      await play(world, IncidentReported, key.incidentId, reported(key, 'IV'));
      await play(world, IncidentResponseDeclared, key.incidentId, declared(key, 'III', null));
      const { plansForIncident } = await world.sut.call<{ plansForIncident: IncidentPlans }>(
        PLANS_FOR_INCIDENT,
        {
          incidentId: key.incidentId,
        },
      );
      expect(plansForIncident.activations.map((a) => a.planId).sort()).toEqual(
        [plans.county.id, plans.province.id].sort(),
      );

      await world.sut.call(SET_THRESHOLDS, { input: { regionCode: '420000', thresholds: [] } });
      expect(await levels('421121')).toMatchObject({ PROVINCIAL: 'II', PREFECTURAL: 'III' });
    } finally {
      await reader.stop();
    }
  });

  it.each([
    [{ regionCode: 'hubei', thresholds: [] }, 'INVALID_REGION_CODE', 'regionCode'],
    [
      {
        thresholds: [
          { planLevel: 'COUNTY', fromLevel: 'IV', source: 'x' },
          { planLevel: 'COUNTY', fromLevel: 'III', source: 'x' },
        ],
      },
      'BAD_USER_INPUT',
      'thresholds[1].planLevel',
    ],
    [
      { thresholds: [{ planLevel: 'COUNTY', fromLevel: 'IV', source: '  ' }] },
      'BAD_USER_INPUT',
      'thresholds[0].source',
    ],
  ])('refuses %j with %s and writes nothing', async (input, code, field) => {
    const before = [await world.sut.count('plan_activation_threshold'), await world.sut.count('outbox')];
    expect(await world.sut.failure(SET_THRESHOLDS, { input })).toMatchObject({ code, field });
    expect([await world.sut.count('plan_activation_threshold'), await world.sut.count('outbox')]).toEqual(
      before,
    );
  });

  it('lets only admins set thresholds', async () => {
    const input = { thresholds: [{ planLevel: 'COUNTY', fromLevel: 'III', source: 'x' }] };
    expect(await world.sut.failure(SET_THRESHOLDS, { input }, identities.operator('420000'))).toMatchObject({
      code: 'FORBIDDEN',
    });
    expect(await levels('421121')).toMatchObject({ COUNTY: 'IV' });
  });
});
