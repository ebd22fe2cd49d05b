import { OrganisationRegisteredV1Contract, OrganisationUpdated } from '@emergency/contracts';
import { domainTopic } from '@emergency/events';
import {
  dissolveOrganisations,
  eventually,
  identities,
  organisationIn,
  publishEvent,
  readTopic,
  registerOrganisations,
  testProducer,
  type TestSubgraph,
} from '@emergency/testing';
import {
  allocate,
  allocationInput,
  contribute,
  contributionInput,
  COUNTY_BUREAU,
  establishFund,
  FINANCE_BUREAU,
  fundById,
  fundInput,
  incidentInput,
  NO_SUCH_ID,
  reportIncident,
  startIncidents,
  written,
  type Allocation,
  type Contribution,
} from './fixtures';
import {
  ALLOCATE_FUND,
  ESTABLISH_FUND,
  FUND,
  FUND_ALLOCATION,
  RECORD_CONTRIBUTION,
} from './funds.operations';
import { REPORT_INCIDENT } from './incidents.operations';

const INCIDENT_FUNDS = `query($id: ID!) { incident(id: $id) { funds {
  id
  contributions { edges { node { amountFen status } } }
  allocations { edges { node { id } } }
} } }`;

type IncidentFunds = {
  incident: {
    funds: {
      id: string;
      contributions: { edges: { node: { amountFen: string; status: string } }[] };
      allocations: { edges: { node: { id: string } }[] };
    }[];
  };
};

/** Reconstruction funds, against the real PostgreSQL and broker, called as the gateway would call the subgraph. */
describe('reconstruction funds', () => {
  let sut: TestSubgraph;

  beforeAll(async () => (sut = await startIncidents()), 120_000);
  afterAll(() => sut?.stop());

  it('reports an incident, sets up a fund, raises money into it and allocates it, with correct totals', async () => {
    const incident = await reportIncident(sut);
    expect(incident).toMatchObject({
      regionCode: '421100',
      status: 'REPORTED',
      occurredAt: '2026-07-05T20:30:00.000Z',
    });

    const fund = await establishFund(sut, incident.id);
    expect(fund).toMatchObject({
      incident: { id: incident.id },
      managingOrganisation: { id: FINANCE_BUREAU },
      pledgedFen: '0',
      raisedFen: '0',
      allocatedFen: '0',
      availableFen: '0',
    });

    const appropriation = await contribute(sut, fund.id, {
      kind: 'APPROPRIATION',
      status: 'PAID',
      amountFen: '5000000000',
      contributorName: 'Hubei Provincial People’s Government',
      payerOrganisationId: FINANCE_BUREAU,
    });
    expect(appropriation).toMatchObject({
      kind: 'APPROPRIATION',
      status: 'PAID',
      amountFen: '5000000000',
      payerOrganisation: { id: FINANCE_BUREAU },
      fund: { id: fund.id },
    });
    await contribute(sut, fund.id, { amountFen: '100000', status: 'PLEDGED' });
    await contribute(sut, fund.id, { amountFen: '200000', status: 'COMMITTED' });
    const paidDonation = await contribute(sut, fund.id, { amountFen: '300000', status: 'PAID' });
    expect(paidDonation).toMatchObject({ status: 'PAID', amountFen: '300000' });

    const allocation = await allocate(sut, fund.id, { amountFen: '1200000000' });
    expect(allocation).toMatchObject({
      amountFen: '1200000000',
      purpose: 'Temporary housing',
      recipientOrganisation: { id: COUNTY_BUREAU },
      fund: { id: fund.id },
      sources: [
        {
          amountFen: '1200000000',
          contribution: { id: appropriation.id, amountFen: '5000000000', status: 'PAID' },
        },
      ],
    });

    expect(await fundById(sut, fund.id)).toMatchObject({
      pledgedFen: '300000', // open promises: the pledged and the committed contribution
      raisedFen: '5000300000', // PAID only
      allocatedFen: '1200000000',
      availableFen: '3800300000',
    });

    const { incident: read } = await sut.call<IncidentFunds>(INCIDENT_FUNDS, { id: incident.id });
    expect(read.funds.map((f) => f.id)).toEqual([fund.id]);
    expect(read.funds[0].contributions.edges.map((e) => [e.node.amountFen, e.node.status])).toEqual([
      ['5000000000', 'PAID'],
      ['100000', 'PLEDGED'],
      ['200000', 'COMMITTED'],
      ['300000', 'PAID'],
    ]);
    expect(read.funds[0].allocations.edges.map((e) => e.node.id)).toEqual([allocation.id]);

    const { fundAllocation } = await sut.call<{ fundAllocation: { id: string; amountFen: string } }>(
      FUND_ALLOCATION,
      { id: allocation.id },
    );
    expect(fundAllocation).toEqual({ id: allocation.id, amountFen: '1200000000' });
  });

  it('refuses a fund for an incident that does not exist with INCIDENT_NOT_FOUND', async () => {
    expect(
      await sut.failure(
        ESTABLISH_FUND,
        fundInput(NO_SUCH_ID, { name: 'X', managingOrganisationId: FINANCE_BUREAU }),
      ),
    ).toMatchObject({ code: 'INCIDENT_NOT_FOUND' });
  });

  it('refuses an unknown or dissolved managing organisation, writing nothing', async () => {
    const dissolved = organisationIn('421121', 'Dissolved bureau');
    await registerOrganisations(sut, [dissolved]);
    await dissolveOrganisations(sut, [dissolved.id]);
    const unknown = organisationIn('421121').id; // never registered
    const incident = await reportIncident(sut);
    const before = await written(sut);

    const establishing = (managingOrganisationId: string) =>
      sut.failure(ESTABLISH_FUND, fundInput(incident.id, { name: 'X', managingOrganisationId }));
    const unknownError = await establishing(unknown);
    expect(unknownError).toMatchObject({
      code: 'ORGANISATION_UNKNOWN',
      field: 'managingOrganisationId',
      organisationId: unknown,
    });
    // The projection is eventually consistent: the message says the organisation may only be not known yet.
    expect(unknownError.message).toMatch(/not known to incidents \(yet\).*retry shortly/);
    expect(await establishing(dissolved.id)).toMatchObject({
      code: 'ORGANISATION_DISSOLVED',
      field: 'managingOrganisationId',
    });
    expect(await written(sut)).toEqual(before);
  });

  it('learns organisations from v1 registrations and follows their updates', async () => {
    const id = organisationIn('421121').id;
    const producer = await testProducer();
    const topic = domainTopic('organisations', sut.topicPrefix);
    const base = { organisationId: id, type: 'SCHOOL', regionCode: '421121', parentId: null };
    try {
      await publishEvent(producer, topic, OrganisationRegisteredV1Contract, id, {
        ...base,
        name: 'Old name',
      });
      await publishEvent(producer, topic, OrganisationUpdated, id, {
        ...base,
        name: 'Tuanfeng No. 1 Middle School',
        sector: null,
        changes: ['name'],
      });
    } finally {
      await producer.disconnect();
    }
    await eventually(async () => {
      const { rows } = await sut.db.query(
        `SELECT name, region_code, status FROM known_organisation WHERE id = $1`,
        [id],
      );
      expect(rows).toEqual([
        { name: 'Tuanfeng No. 1 Middle School', region_code: '421121', status: 'ACTIVE' },
      ]);
    });
    const fund = await establishFund(sut, (await reportIncident(sut)).id);
    await contribute(sut, fund.id, { amountFen: '100' });
    const allocation = await allocate(sut, fund.id, {
      organisationId: id,
      amountFen: '100',
      purpose: 'Classroom repairs',
    });
    expect(allocation.recipientOrganisation.id).toBe(id);
  });

  it('lets an auditor read but not change anything (FORBIDDEN)', async () => {
    const incident = await reportIncident(sut);
    const fund = await establishFund(sut, incident.id);
    await contribute(sut, fund.id, { amountFen: '1000' });
    const auditor = identities.auditor();
    const attempts: [string, Record<string, unknown>][] = [
      [
        REPORT_INCIDENT,
        incidentInput({
          title: 'X',
          category: 'ACCIDENT',
          severity: 'IV',
          regionCode: '421100',
          occurredAt: '2026-07-01T00:00:00Z',
        }),
      ],
      [ESTABLISH_FUND, fundInput(incident.id, { name: 'X', managingOrganisationId: FINANCE_BUREAU })],
      [RECORD_CONTRIBUTION, contributionInput(fund.id, { amountFen: '1', contributorName: 'X' })],
      [ALLOCATE_FUND, allocationInput(fund.id, { amountFen: '1' })],
    ];
    for (const [mutation, variables] of attempts) {
      expect(await sut.failure(mutation, variables, auditor)).toMatchObject({ code: 'FORBIDDEN' });
    }
    expect(await fundById(sut, fund.id)).toMatchObject({ raisedFen: '1000', allocatedFen: '0' });
    const read = await sut.call<{ reconstructionFund: { id: string } }>(FUND, { id: fund.id }, auditor);
    expect(read.reconstructionFund.id).toBe(fund.id);
  });

  it('writes an outbox row for each event in the same transaction and publishes it as a CloudEvent keyed by aggregate', async () => {
    const incident = await reportIncident(sut, { title: 'Event trail' });
    const fund = await establishFund(sut, incident.id, { name: 'Event trail fund' });
    const contribution: Contribution = await contribute(sut, fund.id, { amountFen: '900' });
    const allocation: Allocation = await allocate(sut, fund.id, { amountFen: '600' });

    const expected = [
      { type: 'incidents.IncidentReported.v2', key: incident.id, data: { incidentId: incident.id } },
      {
        type: 'incidents.ReconstructionFundEstablished.v1',
        key: fund.id,
        data: {
          fundId: fund.id,
          incidentId: incident.id,
          managingOrganisationId: FINANCE_BUREAU,
          currency: 'CNY',
        },
      },
      {
        type: 'incidents.FundContributionRecorded.v3',
        key: fund.id,
        data: {
          contributionId: contribution.id,
          money: { amountFen: '900', payee: { organisationId: FINANCE_BUREAU } },
        },
      },
      {
        type: 'incidents.FundAllocated.v3',
        key: fund.id,
        data: {
          allocationId: allocation.id,
          money: {
            amountFen: '600',
            payer: { organisationId: FINANCE_BUREAU },
            payee: { organisationId: COUNTY_BUREAU },
            sources: [{ flowId: contribution.id, amountFen: '600' }],
          },
        },
      },
    ];

    // One outbox row per event, relayed (sent_at set) shortly after commit.
    const rows = await eventually(
      async () => {
        const result = await sut.db.query(
          `SELECT event_id, event_type, message_key, topic, sent_at FROM outbox
           WHERE message_key = ANY($1::text[]) ORDER BY seq`,
          [[incident.id, fund.id]],
        );
        const found = result.rows as {
          event_id: string;
          event_type: string;
          message_key: string;
          topic: string;
          sent_at: Date | null;
        }[];
        expect(found.map((r) => [r.event_type, r.message_key])).toEqual(expected.map((e) => [e.type, e.key]));
        expect(found.every((r) => r.sent_at !== null)).toBe(true);
        return found;
      },
      { timeoutMs: 20_000 },
    );
    expect(new Set(rows.map((r) => r.topic))).toEqual(new Set([sut.topic]));

    const events = await readTopic(sut.topic);
    const received = (eventId: string) => events.messages.find((m) => m.headers.ce_id === eventId);
    try {
      await eventually(
        async () => {
          for (const row of rows) expect(received(row.event_id)).toBeDefined();
        },
        { timeoutMs: 30_000 },
      );
    } finally {
      await events.stop();
    }

    rows.forEach((row, i) => {
      const message = received(row.event_id)!;
      expect(message.key).toBe(expected[i].key);
      expect(message.headers).toMatchObject({
        ce_specversion: '1.0',
        ce_id: row.event_id,
        ce_type: expected[i].type,
        ce_source: '/emergency/incidents',
        ce_subject: expected[i].key,
        ce_dataschema: `urn:emergency:event-schema:${expected[i].type}`,
        'content-type': 'application/json',
      });
      expect(message.headers.ce_correlationid).toBeTruthy();
      expect(message.headers.ce_actorid).toBe('test-admin');
      expect(message.value).toMatchObject(expected[i].data);
    });
  }, 60_000);
});
