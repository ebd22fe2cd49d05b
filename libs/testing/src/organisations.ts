import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import {
  OrganisationDissolved,
  OrganisationRegistered,
  type OrganisationDissolvedV1,
  type OrganisationRegisteredV2,
} from '@emergency/contracts';
import { domainTopic, type EventContract } from '@emergency/events';
import { eventually } from './helpers';
import { publishEvent, testProducer } from './kafka';

/** An organisation as a test registers it; the type defaults to an emergency management office. */
export interface OrganisationFixture {
  id: string;
  name: string;
  regionCode: string;
  type?: string;
}

/** A service under test that keeps the known-organisations projection: its schema and its run's topic prefix. */
export interface OrganisationsConsumer {
  db: Client;
  topicPrefix: string;
}

/** A fixture with a new id. */
export const organisationIn = (
  regionCode: string,
  name = `Organisation in ${regionCode}`,
): OrganisationFixture => ({
  id: randomUUID(),
  name,
  regionCode,
});

/** Publishes `events` on the run's organisations topic, then waits until `service` holds each one's id with `status`. */
async function publishAndWait(
  service: OrganisationsConsumer,
  events: { contract: EventContract<unknown>; id: string; data: unknown }[],
  status: 'ACTIVE' | 'DISSOLVED',
): Promise<void> {
  const producer = await testProducer();
  try {
    const topic = domainTopic('organisations', service.topicPrefix);
    for (const { contract, id, data } of events) {
      await publishEvent(producer, topic, contract, id, data);
    }
  } finally {
    await producer.disconnect();
  }
  const ids = events.map((e) => e.id);
  await eventually(
    async () => {
      const { rows } = await service.db.query(
        `SELECT count(*)::int AS n FROM known_organisation WHERE id = ANY($1::uuid[]) AND status = $2`,
        [ids, status],
      );
      if ((rows[0] as { n: number }).n !== ids.length)
        throw new Error(`${ids.length} organisations not ${status}`);
    },
    { timeoutMs: 30_000, message: 'the known-organisations projection' },
  );
}

/**
 * Plays the organisations service: publishes OrganisationRegistered for each of `organisations` on the run's
 * organisations topic, and waits until `service`'s projection knows them all (it learns of them moments later).
 */
export async function registerOrganisations(
  service: OrganisationsConsumer,
  organisations: OrganisationFixture[],
): Promise<void> {
  const registered = organisations.map((o) => ({
    contract: OrganisationRegistered,
    id: o.id,
    data: {
      organisationId: o.id,
      name: o.name,
      type: o.type ?? 'EMERGENCY_MANAGEMENT_OFFICE',
      sector: null,
      regionCode: o.regionCode,
      parentId: null,
    } satisfies OrganisationRegisteredV2,
  }));
  await publishAndWait(service, registered, 'ACTIVE');
}

/** Plays the organisations service dissolving `ids`, and waits until `service`'s projection knows. */
export async function dissolveOrganisations(service: OrganisationsConsumer, ids: string[]): Promise<void> {
  const dissolved = ids.map((id) => ({
    contract: OrganisationDissolved,
    id,
    data: {
      organisationId: id,
      reason: 'Merged into another body',
      dissolvedAt: new Date().toISOString(),
    } satisfies OrganisationDissolvedV1,
  }));
  await publishAndWait(service, dissolved, 'DISSOLVED');
}
