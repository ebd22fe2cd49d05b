import type { DemoClient } from './client';
import type { HubeiOrganisations } from './hubei-organisations';

/**
 * The response to the Ju River flood and a mine accident's grade: Huanggang declares a level III response to the
 * flood, then raises it to II; a roof collapse in a Macheng coal mine (12 dead, 8 seriously injured, 5,500万 yuan
 * lost) is reported, the grading rules suggest II (State Council Order 493, art. 3) and the duty officer confirms it.
 * Organisations are learned by event, so the declaration is retried while the incidents service does not know them.
 */
export async function loadIncidentLifecycle(
  client: DemoClient,
  orgs: HubeiOrganisations,
  floodIncidentId: string,
): Promise<void> {
  const declare = (level: string, reason: string) =>
    client.mutateOnceKnown('declareIncidentResponse', 'DeclareIncidentResponseInput', {
      incidentId: floodIncidentId,
      level,
      declaringOrganisationId: orgs.huanggangEmergency,
      reason,
    });
  await declare('III', 'Ju River above the guaranteed water level at Tuanfeng');
  await declare('II', 'Dike breach at Luohuozhou; more than 100,000 people relocated');

  const mine = await client.mutate('reportIncident', 'ReportIncidentInput', {
    title: 'Coal mine roof collapse, Macheng',
    category: 'ACCIDENT',
    subcategory: 'MINING',
    severity: 'IV',
    regionCode: '421181',
    occurredAt: '2026-08-14T10:20:00+08:00',
    figures: { deaths: 12, injured: 20, seriouslyInjured: 8, directLossFen: '5500000000' },
  });
  const { incident } = await client.run<{ incident: { gradeSuggestion: { grade: string | null } } }>(
    `query($id: ID!) { incident(id: $id) { gradeSuggestion { grade } } }`,
    { id: mine },
  );
  if (incident.gradeSuggestion.grade !== 'II') {
    throw new Error(
      `demo data: the mine accident should grade II, the rules suggest ${incident.gradeSuggestion.grade}`,
    );
  }
  await client.mutate('decideIncidentGrade', 'DecideIncidentGradeInput', { incidentId: mine, grade: 'II' });
}
