import { randomUUID } from 'node:crypto';
import type { Client } from 'pg';
import { OrganisationDissolved, OrganisationRegistered } from '@emergency/contracts';
import { domainTopic } from '@emergency/events';
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

async function publishAndWait(
  service: OrganisationsConsumer,
  ids: string[],
  status: 'ACTIVE' | 'DISSOLVED',
  publish: (
    send: typeof publishEvent,
    topic: string,
    producer: Awaited<ReturnType<typeof testProducer>>,
  ) => Promise<unknown>,
): Promise<void> {
  const producer = await testProducer();
  try {
    await publish(publishEvent, domainTopic('organisations', service.topicPrefix), producer);
  } finally {
    await producer.disconnect();
  }
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
  await publishAndWait(
    service,
    organisations.map((o) => o.id),
    'ACTIVE',
    async (send, topic, producer) => {
      for (const o of organisations) {
        await send(producer, topic, OrganisationRegistered, o.id, {
          organisationId: o.id,
          name: o.name,
          type: o.type ?? 'EMERGENCY_MANAGEMENT_OFFICE',
          sector: null,
          regionCode: o.regionCode,
          parentId: null,
        });
      }
    },
  );
}

/** Plays the organisations service dissolving `ids`, and waits until `service`'s projection knows. */
export async function dissolveOrganisations(service: OrganisationsConsumer, ids: string[]): Promise<void> {
  await publishAndWait(service, ids, 'DISSOLVED', async (send, topic, producer) => {
    for (const id of ids) {
      await send(producer, topic, OrganisationDissolved, id, {
        organisationId: id,
        reason: 'Merged into another body',
        dissolvedAt: new Date().toISOString(),
      });
    }
  });
}
