import { Client } from 'pg';
import {
  FundAllocated,
  FundContributionRecorded,
  IncidentReported,
  ReconstructionFundEstablished,
} from '@emergency/contracts';
import { createKafka } from '@emergency/events';
import { identities, readTopic, subgraphRequest, TEST_IDENTITY_SECRET } from '@emergency/testing';
import type { AckedMutation } from './mutations';

/** What the data says after the run. Every count in `lost` and `duplicated` must be 0. */
export interface Verification {
  /** Rows in the incidents schema: what was committed, whatever the callers saw. */
  committed: { incidents: number; funds: number; contributions: number; allocations: number };
  /** Outbox rows of the incidents schema. */
  events: number;
  /** Messages on the topic (every copy). */
  messages: number;
  /** Copies of an event beyond the first on the topic: the relay publishes at least once; consumers drop them. */
  republished: number;
  /** Distinct events applied, per consuming service (over all its consumer groups). */
  applied: Record<string, number>;
  lost: {
    /** Acknowledged to a caller but not in the database. */
    acked: number;
    /** A committed row without its outbox event. */
    outbox: number;
    /** Outbox events still unsent at the end. */
    unsent: number;
    /** Outbox events never seen on the topic. */
    topic: number;
    /** Events a consumer never applied. */
    applied: number;
  };
  duplicated: {
    /** A committed row with more than one outbox event. */
    outbox: number;
    /** Events on the topic that no committed row accounts for. */
    topic: number;
    /** Events a consumer applied more than once, or applied without a committed origin. */
    applied: number;
  };
  /** Funds whose audit totals differ from incidents' (to the fen), or whose trace does not reconcile. */
  fundsOff: string[];
}

export const lostTotal = (v: Verification) => Object.values(v.lost).reduce((a, b) => a + b, 0);
export const duplicatedTotal = (v: Verification) => Object.values(v.duplicated).reduce((a, b) => a + b, 0);

/** The consumers of the incidents topic and the event types each applies. */
const CONSUMERS: Record<string, string[]> = {
  audit: [IncidentReported, ReconstructionFundEstablished, FundContributionRecorded, FundAllocated].map(
    (c) => c.type,
  ),
  supplies: [FundAllocated.type],
};

/** The committed row each event type describes. */
const SUBJECT_OF: Record<string, string> = {
  [IncidentReported.type]: 'incidentId',
  [ReconstructionFundEstablished.type]: 'fundId',
  [FundContributionRecorded.type]: 'contributionId',
  [FundAllocated.type]: 'allocationId',
};

const CONVERGENCE_TIMEOUT_MS = 90_000;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

interface OutboxRow {
  event_id: string;
  event_type: string;
  subject: string;
  sent: boolean;
}

export async function verify(opts: {
  databaseUrl: string;
  brokers: string[];
  topic: string;
  acked: AckedMutation[];
  funds: string[];
  incidentsUrl: string;
  auditUrl: string;
  log: (line: string) => void;
}): Promise<Verification> {
  // The harness reads every service's schema; the services themselves never do.
  const db = new Client({ connectionString: opts.databaseUrl });
  await db.connect();
  try {
    await converge(db, opts.log);
    const committed = await committedRows(db);
    const outbox = (
      await db.query(
        `SELECT event_id, event_type, payload->>(CASE event_type ${Object.entries(SUBJECT_OF)
          .map(([type, field]) => `WHEN '${type}' THEN '${field}'`)
          .join(' ')} END) AS subject, sent_at IS NOT NULL AS sent
         FROM incidents.outbox`,
      )
    ).rows as OutboxRow[];

    const eventsPerRow = new Map<string, number>();
    for (const row of outbox) eventsPerRow.set(row.subject, (eventsPerRow.get(row.subject) ?? 0) + 1);
    const committedIds = new Set(committed.ids);
    const outboxIds = new Set(outbox.map((row) => row.event_id));

    const copies = await topicCopies(opts.brokers, opts.topic, opts.log);
    const applied: Record<string, number> = {};
    let appliedLost = 0;
    let appliedDuplicated = 0;
    for (const [service, types] of Object.entries(CONSUMERS)) {
      // A service may read the topic with several consumer groups (one per projector that needs it): each applies
      // an event at most once, so copies are counted per group.
      const rows = (
        await db.query(
          `SELECT event_id, count(*)::int AS n FROM ${service}.inbox WHERE topic = $1
           GROUP BY consumer_group, event_id`,
          [opts.topic],
        )
      ).rows as { event_id: string; n: number }[];
      const times = new Map(rows.map((row) => [row.event_id, row.n]));
      applied[service] = times.size;
      for (const row of outbox) if (types.includes(row.event_type) && !times.has(row.event_id)) appliedLost++;
      for (const row of rows) {
        if (row.n > 1) appliedDuplicated += row.n - 1;
        if (!outboxIds.has(row.event_id)) appliedDuplicated += row.n;
      }
    }

    return {
      committed: committed.counts,
      events: outbox.length,
      messages: [...copies.values()].reduce((a, b) => a + b, 0),
      republished: [...copies.values()].reduce((sum, n) => sum + n - 1, 0),
      applied,
      lost: {
        acked: opts.acked.filter((m) => !committedIds.has(m.id)).length,
        outbox: committed.ids.filter((id) => !eventsPerRow.has(id)).length,
        unsent: outbox.filter((row) => !row.sent).length,
        topic: outbox.filter((row) => !copies.has(row.event_id)).length,
        applied: appliedLost,
      },
      duplicated: {
        outbox:
          [...eventsPerRow.values()].reduce((sum, n) => sum + n - 1, 0) +
          outbox.filter((row) => !committedIds.has(row.subject)).length,
        topic: [...copies.keys()].filter((id) => !outboxIds.has(id)).length,
        applied: appliedDuplicated,
      },
      fundsOff: await fundsOff(opts),
    };
  } finally {
    await db.end();
  }
}

/** Waits until the relay has sent everything and every consumer has applied every event meant for it. */
async function converge(db: Client, log: (line: string) => void): Promise<void> {
  const deadline = Date.now() + CONVERGENCE_TIMEOUT_MS;
  const pending = Object.entries(CONSUMERS)
    .map(
      ([service, types]) =>
        `(SELECT count(*) FROM incidents.outbox o WHERE o.event_type = ANY('{${types.join(',')}}'::text[])
          AND NOT EXISTS (SELECT 1 FROM ${service}.inbox i WHERE i.event_id = o.event_id))`,
    )
    .join(' + ');
  for (;;) {
    const { rows } = await db.query(
      `SELECT (SELECT count(*) FROM incidents.outbox WHERE sent_at IS NULL)::int AS unsent,
              (${pending})::int AS unapplied`,
    );
    const { unsent, unapplied } = rows[0] as { unsent: number; unapplied: number };
    if (unsent === 0 && unapplied === 0) return;
    if (Date.now() > deadline) {
      log(`not converged after ${CONVERGENCE_TIMEOUT_MS} ms: ${unsent} unsent, ${unapplied} unapplied`);
      return;
    }
    await sleep(500);
  }
}

async function committedRows(db: Client) {
  const count = async (table: string) =>
    ((await db.query(`SELECT id FROM incidents.${table}`)).rows as { id: string }[]).map((r) => r.id);
  const incidents = await count('incident');
  const funds = await count('reconstruction_fund');
  const contributions = await count('fund_contribution');
  const allocations = await count('fund_allocation');
  return {
    ids: [...incidents, ...funds, ...contributions, ...allocations],
    counts: {
      incidents: incidents.length,
      funds: funds.length,
      contributions: contributions.length,
      allocations: allocations.length,
    },
  };
}

/** Reads the whole topic from the beginning and counts the copies of each event id. */
async function topicCopies(
  brokers: string[],
  topic: string,
  log: (line: string) => void,
): Promise<Map<string, number>> {
  const admin = createKafka({ brokers, clientId: 'chaos-verify', idempotentProducer: false }).admin();
  await admin.connect();
  let expected = 0;
  try {
    for (const { low, high } of await admin.fetchTopicOffsets(topic)) {
      // The local broker keeps about 5 MiB per partition; a run that outgrows it cannot be verified.
      if (Number(low) !== 0) throw new Error(`${topic} no longer starts at offset 0: the run was too large`);
      expected += Number(high);
    }
  } finally {
    await admin.disconnect();
  }
  const reader = await readTopic(topic);
  try {
    const deadline = Date.now() + 60_000;
    while (reader.messages.length < expected && Date.now() < deadline) await sleep(100);
    if (reader.messages.length < expected) {
      log(`read ${reader.messages.length} of ${expected} messages of ${topic}`);
    }
  } finally {
    await reader.stop();
  }
  const copies = new Map<string, number>();
  for (const message of reader.messages) {
    const id = message.headers.ce_id;
    copies.set(id, (copies.get(id) ?? 0) + 1);
  }
  return copies;
}

interface Totals {
  raisedFen: string;
  allocatedFen: string;
}

/** Compares each fund's totals as the audit traces them with the incidents service's, to the fen. */
async function fundsOff(opts: { funds: string[]; incidentsUrl: string; auditUrl: string }) {
  const off: string[] = [];
  const ask = async <T>(url: string, query: string, variables: Record<string, unknown>) => {
    const res = await subgraphRequest<T>(url, query, variables, identities.admin(), TEST_IDENTITY_SECRET);
    if (!res.data) throw new Error(`GraphQL errors: ${JSON.stringify(res.errors)}`);
    return res.data;
  };
  for (const fundId of opts.funds) {
    const source = await ask<{ reconstructionFund: Totals }>(
      opts.incidentsUrl,
      `query($id: ID!) { reconstructionFund(id: $id) { raisedFen allocatedFen } }`,
      { id: fundId },
    );
    const audit = await ask<{ fundTrace: (Totals & { reconciled: boolean }) | null }>(
      opts.auditUrl,
      `query($id: ID!) { fundTrace(fundId: $id) { raisedFen allocatedFen reconciled } }`,
      { id: fundId },
    );
    const want = source.reconstructionFund;
    const got = audit.fundTrace;
    if (
      !got ||
      !got.reconciled ||
      got.raisedFen !== want.raisedFen ||
      got.allocatedFen !== want.allocatedFen
    ) {
      off.push(
        `${fundId}: incidents raised ${want.raisedFen} allocated ${want.allocatedFen}; audit ${
          got
            ? `raised ${got.raisedFen} allocated ${got.allocatedFen} reconciled ${got.reconciled}`
            : 'nothing'
        }`,
      );
    }
  }
  return off;
}
