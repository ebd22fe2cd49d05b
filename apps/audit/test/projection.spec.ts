import { randomUUID } from 'node:crypto';
import { FundContributionRecordedV1Contract, FundFlowRecorded } from '@emergency/contracts';
import { newEvent, toKafkaMessage } from '@emergency/events';
import { eventually, readTopic } from '@emergency/testing';
import {
  contribution,
  contributionRecorded,
  contributionRecordedV2,
  fundAllocated,
  fundAllocatedV2,
  fundEstablished,
  procurementRecorded,
  procurementRecordedV2,
  published,
  settled,
  startAudit,
  topicOf,
  type Audit,
} from './fixtures';

/** How the audit records other services' money events: every version alike, each once, and never changed after. */
describe('audit: projection of money events', () => {
  let sut: Audit;
  beforeAll(async () => (sut = await startAudit()), 120_000);
  afterAll(() => sut?.stop());

  it('records the same flows from v2 events, which carry the money block, as from v1 events', async () => {
    const v1 = await fundEstablished(sut);
    const v1c1 = await contributionRecorded(sut, v1, { amountFen: '30000' });
    await contributionRecorded(sut, v1, { amountFen: '99999', status: 'PLEDGED' });
    const v1a1 = await fundAllocated(sut, v1, { sources: [[v1c1, '30000']] });
    await procurementRecorded(sut, v1, { allocationId: v1a1, amountFen: '20000' });

    const v2 = await fundEstablished(sut);
    const c1 = contribution(v2, '30000');
    await contributionRecordedV2(sut, c1);
    await contributionRecordedV2(sut, contribution(v2, '99999', 'PLEDGED'));
    const a1 = await fundAllocatedV2(sut, v2, { contributionId: c1.contributionId, amountFen: '30000' });
    await procurementRecordedV2(sut, v2, { allocationId: a1, amountFen: '20000' });

    const totals = { raisedFen: '30000', allocatedFen: '30000', spentFen: '20000', reconciled: true };
    await settled(sut, v1.fundId, totals);
    await settled(sut, v2.fundId, totals);
    const flows = async (fundId: string) =>
      (
        await sut.db.query(
          `SELECT stage, amount_fen::text, payer_organisation_id, payer_name, payee_organisation_id, payee_name,
                  description
           FROM flow WHERE fund_id = $1 ORDER BY stage, amount_fen`,
          [fundId],
        )
      ).rows;
    expect(await flows(v2.fundId)).toEqual(await flows(v1.fundId));
    expect(await flows(v2.fundId)).toHaveLength(3);
  });

  it('applies a redelivered event once and announces each flow on the audit topic', async () => {
    const fund = await fundEstablished(sut);
    const data = contribution(fund, '700');
    const event = newEvent(FundContributionRecordedV1Contract, '/emergency/incidents', fund.fundId, data, {
      correlationId: randomUUID(),
    });
    const reader = await readTopic(sut.topic);
    try {
      await sut.producer.send({
        topic: topicOf(sut, 'incidents'),
        messages: [toKafkaMessage(event), toKafkaMessage(event)],
      });
      // The same contribution announced again under another event id is the same flow.
      await published(sut, 'incidents', FundContributionRecordedV1Contract, fund.fundId, data);
      await contributionRecorded(sut, fund, { amountFen: '1' });
      await settled(sut, fund.fundId, { raisedFen: '701' });

      const flows = await sut.db.query(`SELECT count(*)::int AS n FROM flow WHERE id = $1`, [
        data.contributionId,
      ]);
      expect(flows.rows[0]).toEqual({ n: 1 });
      const announced = await eventually(async () => {
        const found = reader.messages.filter(
          (m) => (m.value as { flowId?: string }).flowId === data.contributionId,
        );
        expect(found).toHaveLength(1);
        return found[0];
      });
      expect(announced.headers.ce_type).toBe(FundFlowRecorded.type);
      expect(announced.headers.ce_causationid).toBe(event.id);
      expect(announced.headers.ce_correlationid).toBe(event.correlationid);
      expect(announced.value).toEqual({
        flowId: data.contributionId,
        stage: 'RAISED',
        reverses: null,
        form: 'CASH',
        fundId: fund.fundId,
        incidentId: fund.incidentId,
        amountFen: '700',
        currency: 'CNY',
        sourceEventId: event.id,
      });
    } finally {
      await reader.stop();
    }
  });

  it('keeps its records append-only', async () => {
    const fund = await fundEstablished(sut);
    await contributionRecorded(sut, fund, { amountFen: '500' });
    await settled(sut, fund.fundId, { raisedFen: '500' });
    await expect(
      sut.db.query(`UPDATE flow SET amount_fen = 1 WHERE fund_id = $1`, [fund.fundId]),
    ).rejects.toThrow(/append-only/);
    await expect(sut.db.query(`DELETE FROM ledger_entry WHERE fund_id = $1`, [fund.fundId])).rejects.toThrow(
      /append-only/,
    );
    await expect(sut.db.query(`TRUNCATE flow_link`)).rejects.toThrow(/append-only/);
    await expect(sut.db.query(`TRUNCATE flow_origin`)).rejects.toThrow(/append-only/);
    // An unbalanced entry is refused when its transaction commits.
    const [{ id }] = (await sut.db.query(`SELECT id FROM flow WHERE fund_id = $1`, [fund.fundId])).rows as {
      id: string;
    }[];
    await expect(
      sut.db.query(
        `INSERT INTO ledger_entry (flow_id, fund_id, account, side, amount_fen) VALUES ($1, $2, 'fund', 'DEBIT', 1)`,
        [id, fund.fundId],
      ),
    ).rejects.toThrow(/do not balance/);
  });
});
