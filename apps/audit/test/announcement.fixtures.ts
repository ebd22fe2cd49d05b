import { randomUUID } from 'node:crypto';
import {
  FundAllocated,
  FundAllocationReturned,
  FundContributionCorrected,
  FundContributionRecorded,
  ProcurementDeliveryAccepted,
  ProcurementRecorded,
  ProjectPaymentMade,
  ProjectPaymentRefunded,
  ReconstructionProjectSettled,
  ReliefPaymentMade,
  VillageReliefListPublished,
  type FundContributionRecordedV3,
  type MoneyBlock,
} from '@emergency/contracts';
import type { MoneyPurpose } from '@emergency/domain';
import { FINANCE, published, type Audit, type FundRef } from './fixtures';

export const RED_CROSS = '00000000-0000-4000-8000-0000000ed001';
export const CHARITY = '00000000-0000-4000-8000-0000000ed002';
export const TUANFENG = '00000000-0000-4000-8000-0000000ed003';

/** Yuan (with fen after the point, e.g. "860000.37") as fen. */
export const fen = (yuan: string): bigint => {
  const [whole, part = ''] = yuan.split('.');
  return BigInt(whole!) * 100n + BigInt(part.padEnd(2, '0'));
};

/** How much of which contribution a stretch of money is. */
export interface Origin {
  contributionId: string;
  amountFen: bigint;
}

/** A draw on one upstream flow, with its origins. */
export interface Part {
  flowId: string;
  amountFen: bigint;
  origins: Origin[];
}

/** A contribution as published, with what the test sums it by. */
export interface PublishedContribution {
  id: string;
  kind: FundContributionRecordedV3['kind'];
  fiscalLevel: FundContributionRecordedV3['fiscalLevel'];
  programme: string | null;
  channel: FundContributionRecordedV3['channel'];
  directed: boolean;
  form: 'CASH' | 'IN_KIND';
  /** The receiving organisation stated, else the payee of its money (the fund's managing organisation). */
  receiver: string;
  amountFen: bigint;
  /** Set when a correction reversed it. */
  corrected?: boolean;
}

export interface PublishedAllocation {
  id: string;
  purposeCategory: MoneyPurpose;
  amountFen: bigint;
  returnedFen: bigint;
}

/** A disbursed (or, with `reversal`, refunded) or used flow as published, drawn on `parts`. */
export interface PublishedMovement {
  id: string;
  stage: 'DISBURSED' | 'USED';
  reversal: boolean;
  /** The allocation the event names; null when drawn on several. */
  allocationId: string | null;
  parts: Part[];
}

/** Everything the test published for one fund: what it sums the expected table from. */
export class FundPlay {
  readonly contributions: PublishedContribution[] = [];
  readonly allocations: PublishedAllocation[] = [];
  readonly movements: PublishedMovement[] = [];
  /** What is left of each flow to draw on, first in first out. */
  private readonly pools = new Map<string, Origin[]>();

  constructor(
    private readonly sut: Audit,
    readonly fund: FundRef,
  ) {}

  private block(b: {
    flowId: string;
    stage: MoneyBlock['stage'];
    amountFen: bigint;
    occurredAt: string;
    reverses?: string | null;
    allocationId?: string | null;
    projectId?: string | null;
    form?: 'CASH' | 'IN_KIND';
    goods?: MoneyBlock['goods'];
    payer: MoneyBlock['payer'];
    payee: MoneyBlock['payee'];
    sources?: Part[];
    description: string;
  }): MoneyBlock {
    return {
      flowId: b.flowId,
      stage: b.stage,
      reverses: b.reverses ?? null,
      fundId: this.fund.fundId,
      allocationId: b.allocationId ?? null,
      projectId: b.projectId ?? null,
      incidentId: this.fund.incidentId,
      amountFen: b.amountFen.toString(),
      currency: 'CNY',
      form: b.form ?? 'CASH',
      goods: b.goods ?? [],
      valuationBasis: b.form === 'IN_KIND' ? 'Donor invoice' : null,
      payer: b.payer,
      payee: b.payee,
      sources: (b.sources ?? []).map((s) => ({
        flowId: s.flowId,
        amountFen: s.amountFen.toString(),
        origins: s.origins.map((o) => ({
          contributionId: o.contributionId,
          amountFen: o.amountFen.toString(),
        })),
      })),
      description: b.description,
      occurredAt: b.occurredAt,
    };
  }

  /** Takes `amountFen` of `flowId`'s money, first in first out, and puts it in `into`'s pool. */
  draw(flowId: string, amountFen: bigint, into?: string): Part {
    const pool = this.pools.get(flowId) ?? [];
    const origins: Origin[] = [];
    let left = amountFen;
    while (left > 0n) {
      const head = pool[0];
      if (!head) throw new Error(`nothing left of ${flowId} to draw ${left}`);
      const take = head.amountFen < left ? head.amountFen : left;
      origins.push({ contributionId: head.contributionId, amountFen: take });
      head.amountFen -= take;
      if (head.amountFen === 0n) pool.shift();
      left -= take;
    }
    if (into) this.pools.set(into, [...(this.pools.get(into) ?? []), ...origins.map((o) => ({ ...o }))]);
    return { flowId, amountFen, origins };
  }

  /** A paid contribution (FundContributionRecorded v3). */
  async contribution(
    c: Omit<PublishedContribution, 'id' | 'receiver' | 'directed'> & {
      receivingOrganisationId?: string | null;
      directedPurpose?: FundContributionRecordedV3['directedPurpose'];
      contributorType?: 'PERSON' | 'ORGANISATION';
      contributorName: string;
      goods?: MoneyBlock['goods'];
      correctsId?: string | null;
      occurredAt: string;
    },
  ): Promise<PublishedContribution> {
    const id = randomUUID();
    const published_: PublishedContribution = {
      id,
      kind: c.kind,
      fiscalLevel: c.fiscalLevel,
      programme: c.programme,
      channel: c.channel,
      directed: !!c.directedPurpose,
      form: c.form,
      receiver: c.receivingOrganisationId ?? FINANCE,
      amountFen: c.amountFen,
    };
    await published(this.sut, 'incidents', FundContributionRecorded, this.fund.fundId, {
      contributionId: id,
      kind: c.kind,
      status: 'PAID',
      contributorType: c.contributorType ?? 'ORGANISATION',
      fiscalLevel: c.fiscalLevel,
      programme: c.programme,
      channel: c.channel,
      receivingOrganisationId: c.receivingOrganisationId ?? null,
      directedPurpose: c.directedPurpose ?? null,
      directedOrganisationId: null,
      paidOn: c.occurredAt.slice(0, 10),
      voucherNumber: `V-${id.slice(0, 8)}`,
      correctsId: c.correctsId ?? null,
      money: this.block({
        flowId: id,
        stage: 'RAISED',
        amountFen: c.amountFen,
        occurredAt: c.occurredAt,
        form: c.form,
        goods: c.goods,
        payer: { organisationId: null, name: c.contributorName },
        payee: { organisationId: c.receivingOrganisationId ?? FINANCE, name: null },
        description: `Contribution from ${c.contributorName}`,
      }),
    });
    this.pools.set(id, [{ contributionId: id, amountFen: c.amountFen }]);
    this.contributions.push(published_);
    return published_;
  }

  /** Reverses a contribution recorded wrongly, wholly (FundContributionCorrected). */
  async corrected(wrong: PublishedContribution, occurredAt: string): Promise<void> {
    await published(this.sut, 'incidents', FundContributionCorrected, this.fund.fundId, {
      correctedId: wrong.id,
      correctionId: randomUUID(),
      reason: 'Recorded twice the amount on the receipt',
      money: this.block({
        flowId: randomUUID(),
        stage: 'RAISED',
        reverses: wrong.id,
        amountFen: wrong.amountFen,
        occurredAt,
        payer: { organisationId: wrong.receiver, name: null },
        payee: { organisationId: null, name: '李*' },
        description: 'Correction of a contribution',
      }),
    });
    this.pools.delete(wrong.id);
    wrong.corrected = true;
  }

  /** An allocation (FundAllocated v3) drawing `amountFen` on each of `from`, in order. */
  async allocation(
    purposeCategory: MoneyPurpose,
    from: [string, bigint][],
    occurredAt: string,
    form: 'CASH' | 'IN_KIND' = 'CASH',
    goods: MoneyBlock['goods'] = [],
  ): Promise<PublishedAllocation> {
    const id = randomUUID();
    const sources = from.map(([flowId, amount]) => this.draw(flowId, amount, id));
    const amountFen = sources.reduce((sum, s) => sum + s.amountFen, 0n);
    await published(this.sut, 'incidents', FundAllocated, this.fund.fundId, {
      allocationId: id,
      purposeCategory,
      purpose: `For ${purposeCategory.toLowerCase()}`,
      money: this.block({
        flowId: id,
        stage: 'ALLOCATED',
        allocationId: id,
        amountFen,
        occurredAt,
        form,
        goods,
        payer: { organisationId: FINANCE, name: null },
        payee: { organisationId: TUANFENG, name: null },
        sources,
        description: `Allocation for ${purposeCategory.toLowerCase()}`,
      }),
    });
    const allocation = { id, purposeCategory, amountFen, returnedFen: 0n };
    this.allocations.push(allocation);
    return allocation;
  }

  /** Unspent money of an allocation returned to the fund (FundAllocationReturned), the last drawn first. */
  async returned(allocation: PublishedAllocation, origins: Origin[], occurredAt: string): Promise<void> {
    const amountFen = origins.reduce((sum, o) => sum + o.amountFen, 0n);
    const returnId = randomUUID();
    await published(this.sut, 'incidents', FundAllocationReturned, this.fund.fundId, {
      returnId,
      allocationId: allocation.id,
      destination: 'FUND',
      reason: 'Project scaled down',
      revoked: false,
      money: this.block({
        flowId: returnId,
        stage: 'ALLOCATED',
        reverses: allocation.id,
        allocationId: allocation.id,
        amountFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: FINANCE, name: null },
        sources: origins.map((o) => ({ flowId: o.contributionId, amountFen: o.amountFen, origins: [o] })),
        description: 'Return of unspent money',
      }),
    });
    allocation.returnedFen += amountFen;
  }

  private remember(m: PublishedMovement) {
    this.movements.push(m);
    return m;
  }

  /** A stage payment of a project to its contractor (ProjectPaymentMade), drawn on `from` allocations. */
  async projectPayment(from: [string, bigint][], occurredAt: string): Promise<PublishedMovement> {
    const id = randomUUID();
    const parts = from.map(([allocationId, amount]) => this.draw(allocationId, amount, id));
    const amountFen = parts.reduce((sum, s) => sum + s.amountFen, 0n);
    const allocationId = from.length === 1 ? from[0]![0] : null;
    await published(this.sut, 'incidents', ProjectPaymentMade, this.fund.fundId, {
      paymentId: id,
      projectId: randomUUID(),
      contractId: randomUUID(),
      paidOn: occurredAt.slice(0, 10),
      voucherNumber: `P-${id.slice(0, 8)}`,
      money: this.block({
        flowId: id,
        stage: 'DISBURSED',
        allocationId,
        amountFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: 'Huanggang Road and Bridge Construction Co.' },
        sources: parts,
        description: 'Stage payment',
      }),
    });
    return this.remember({ id, stage: 'DISBURSED', reversal: false, allocationId, parts });
  }

  /** Part of a project payment refunded by the contractor (ProjectPaymentRefunded), to the allocation `part` names. */
  async projectRefund(
    payment: PublishedMovement,
    part: Part,
    occurredAt: string,
  ): Promise<PublishedMovement> {
    const id = randomUUID();
    await published(this.sut, 'incidents', ProjectPaymentRefunded, this.fund.fundId, {
      refundId: id,
      paymentId: payment.id,
      projectId: randomUUID(),
      reason: 'Overpaid on the stage measurement',
      money: this.block({
        flowId: id,
        stage: 'DISBURSED',
        reverses: payment.id,
        allocationId: part.flowId,
        amountFen: part.amountFen,
        occurredAt,
        payer: { organisationId: null, name: 'Huanggang Road and Bridge Construction Co.' },
        payee: { organisationId: TUANFENG, name: null },
        sources: [part],
        description: 'Refund of a stage payment',
      }),
    });
    return this.remember({
      id,
      stage: 'DISBURSED',
      reversal: true,
      allocationId: part.flowId,
      parts: [part],
    });
  }

  /** Supplies bought from a supplier out of one allocation (ProcurementRecorded v3). */
  async procurement(allocationId: string, amountFen: bigint, occurredAt: string): Promise<PublishedMovement> {
    const id = randomUUID();
    const part = this.draw(allocationId, amountFen, id);
    await published(this.sut, 'supplies', ProcurementRecorded, allocationId, {
      procurementId: id,
      itemDescription: 'Family tents',
      quantity: Number(amountFen / 150_000n),
      unitPriceFen: '150000',
      payments: [{ allocationId, amountFen: amountFen.toString() }],
      money: this.block({
        flowId: id,
        stage: 'DISBURSED',
        allocationId,
        amountFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
        sources: [part],
        description: 'Family tents',
      }),
    });
    return this.remember({ id, stage: 'DISBURSED', reversal: false, allocationId, parts: [part] });
  }

  /** Supplies bought and paid from several allocations, as the payer split it (ProcurementRecorded v3). */
  async splitProcurement(from: [string, bigint][], occurredAt: string): Promise<PublishedMovement> {
    const id = randomUUID();
    const parts = from.map(([allocationId, amount]) => this.draw(allocationId, amount, id));
    const amountFen = parts.reduce((sum, s) => sum + s.amountFen, 0n);
    await published(this.sut, 'supplies', ProcurementRecorded, id, {
      procurementId: id,
      itemDescription: 'Family tents',
      quantity: Number(amountFen / 150_000n),
      unitPriceFen: '150000',
      payments: from.map(([allocationId, amount]) => ({ allocationId, amountFen: amount.toString() })),
      money: this.block({
        flowId: id,
        stage: 'DISBURSED',
        amountFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
        sources: parts,
        description: 'Family tents',
      }),
    });
    return this.remember({ id, stage: 'DISBURSED', reversal: false, allocationId: null, parts });
  }

  /** The goods of a procurement received and accepted: the use of what it paid (ProcurementDeliveryAccepted). */
  async deliveryAccepted(procurement: PublishedMovement, occurredAt: string): Promise<PublishedMovement> {
    const amountFen = procurement.parts.reduce((sum, s) => sum + s.amountFen, 0n);
    const part = this.draw(procurement.id, amountFen);
    const id = randomUUID();
    const quantity = Number(amountFen / 150_000n);
    await published(this.sut, 'supplies', ProcurementDeliveryAccepted, procurement.id, {
      procurementId: procurement.id,
      acceptedOn: occurredAt.slice(0, 10),
      quantity,
      receivedQuantity: quantity,
      shortfallQuantity: 0,
      note: null,
      money: this.block({
        flowId: id,
        stage: 'USED',
        allocationId: procurement.allocationId,
        amountFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: 'Wuhan Relief Materials Co., Ltd.' },
        sources: [part],
        description: 'Family tents received',
      }),
    });
    return this.remember({
      id,
      stage: 'USED',
      reversal: false,
      allocationId: procurement.allocationId,
      parts: [part],
    });
  }

  /** Relief paid to a household out of an allocation (ReliefPaymentMade), in cash or in kind. */
  async reliefPayment(
    allocationId: string,
    amountFen: bigint,
    occurredAt: string,
    form: 'CASH' | 'IN_KIND' = 'CASH',
  ): Promise<PublishedMovement> {
    const id = randomUUID();
    const part = this.draw(allocationId, amountFen, id);
    await published(this.sut, 'incidents', ReliefPaymentMade, this.fund.fundId, {
      paymentId: id,
      kind: 'LIVING_RELIEF',
      villageCode: '421121100201',
      householdSize: 4,
      paidOn: occurredAt.slice(0, 10),
      money: this.block({
        flowId: id,
        stage: 'DISBURSED',
        allocationId,
        amountFen,
        occurredAt,
        form,
        goods:
          form === 'IN_KIND'
            ? [
                {
                  description: 'Family tent',
                  unit: 'piece',
                  quantity: 1,
                  unitValueFen: amountFen.toString(),
                  amountFen: amountFen.toString(),
                },
              ]
            : [],
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: '王*' },
        sources: [part],
        description: 'Living relief',
      }),
    });
    return this.remember({ id, stage: 'DISBURSED', reversal: false, allocationId, parts: [part] });
  }

  /** A village's relief list published, confirming the use of `payments` (VillageReliefListPublished). */
  async reliefListPublished(payments: PublishedMovement[], occurredAt: string): Promise<PublishedMovement> {
    const id = randomUUID();
    const parts = payments.map((p) => {
      const amount = p.parts.reduce((sum, s) => sum + s.amountFen, 0n);
      return this.draw(p.id, amount);
    });
    const amountFen = parts.reduce((sum, s) => sum + s.amountFen, 0n);
    await published(this.sut, 'incidents', VillageReliefListPublished, this.fund.fundId, {
      publicationId: id,
      villageCode: '421121100201',
      publishedOn: occurredAt.slice(0, 10),
      paymentIds: payments.map((p) => p.id),
      money: this.block({
        flowId: id,
        stage: 'USED',
        amountFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: '王*' },
        sources: parts,
        description: 'Relief list published in the village',
      }),
    });
    return this.remember({ id, stage: 'USED', reversal: false, allocationId: null, parts });
  }

  /** A project's final account settled, confirming the use of its payment's net amount. */
  async settled(payment: PublishedMovement, netFen: bigint, occurredAt: string): Promise<PublishedMovement> {
    const id = randomUUID();
    const part = this.draw(payment.id, netFen);
    await published(this.sut, 'incidents', ReconstructionProjectSettled, this.fund.fundId, {
      settlementId: id,
      projectId: randomUUID(),
      settledOn: occurredAt.slice(0, 10),
      contracts: [{ contractId: randomUUID(), settledAmountFen: netFen.toString() }],
      money: this.block({
        flowId: id,
        stage: 'USED',
        allocationId: payment.allocationId,
        amountFen: netFen,
        occurredAt,
        payer: { organisationId: TUANFENG, name: null },
        payee: { organisationId: null, name: 'Huanggang Road and Bridge Construction Co.' },
        sources: [part],
        description: 'Final account settled',
      }),
    });
    return this.remember({
      id,
      stage: 'USED',
      reversal: false,
      allocationId: payment.allocationId,
      parts: [part],
    });
  }

  /** Puts back into a payment's pool what a refund gave back of it (so later draws see what is left). */
  refundedFrom(payment: PublishedMovement, part: Part) {
    const pool = this.pools.get(payment.id) ?? [];
    for (const o of part.origins) {
      const entry = pool.find((p) => p.contributionId === o.contributionId);
      if (entry) entry.amountFen -= o.amountFen;
    }
    this.pools.set(
      payment.id,
      pool.filter((p) => p.amountFen > 0n),
    );
  }
}

/** A finding row as the findings feature writes it, for the announcement to read. */
export interface FindingInput {
  type: string;
  amountFen: bigint;
  status?: string;
  rectificationState?: 'RECTIFIED' | 'CONTINUING' | 'NOT_RECTIFIED' | null;
  recoveredFen?: bigint;
  savedFen?: bigint;
  transferred?: boolean;
  recommendations?: (boolean | null)[];
}

/**
 * An engagement scoped to `incidentId` with `findings`, written directly in the follow-up's shared tables: each
 * finding recorded, answered, closed (when it has a rectification state) and its outcome recorded at `recordedAt`.
 */
export async function findingsRecorded(
  sut: Audit,
  incidentId: string,
  findings: FindingInput[],
  recordedAt = '2026-10-10T02:00:00Z',
): Promise<string[]> {
  const engagementId = randomUUID();
  await sut.db.query(
    `INSERT INTO audit_engagement (id, title, incident_id, region_code, period_from, period_to, lead_person_id,
       team_person_ids, stage, opened_by, opened_at)
     VALUES ($1, 'Tracking audit of the Ju River flood money', $2, '421100', '2026-07-06', '2026-12-31', $3,
       ARRAY[$3]::uuid[], 'FOLLOW_UP', 'test-auditor', $4)`,
    [engagementId, incidentId, randomUUID(), recordedAt],
  );
  const ids: string[] = [];
  for (const f of findings) {
    const id = randomUUID();
    ids.push(id);
    await sut.db.query(
      `INSERT INTO audit_finding (id, engagement_id, type, title, description, amount_fen, audited_organisation_id,
         region_code, evidence, status, rectification_state, recovered_fen, saved_fen, transferred_for_handling,
         recorded_by, recorded_at, responded_at, closed_at)
       VALUES ($1, $2, $3, 'A finding', 'As found', $4, $5, '421121', '[]', $6, $7, $8, $9, $10, 'test-auditor', $11,
         $11, CASE WHEN $7::text IS NULL THEN NULL ELSE $11::timestamptz END)`,
      [
        id,
        engagementId,
        f.type,
        f.amountFen.toString(),
        TUANFENG,
        f.status ?? 'RECTIFYING',
        f.rectificationState ?? null,
        (f.recoveredFen ?? 0n).toString(),
        (f.savedFen ?? 0n).toString(),
        f.transferred ?? false,
        recordedAt,
      ],
    );
    // Its outcome, as the findings feature keeps it, recorded when the finding was.
    if (f.recoveredFen || f.savedFen || f.transferred)
      await sut.db.query(
        `INSERT INTO audit_finding_outcome (finding_id, recovered_fen, saved_fen, transferred_for_handling,
           recovery_flow_ids, recorded_at)
         VALUES ($1, $2, $3, $4, '{}', $5)`,
        [
          id,
          (f.recoveredFen ?? 0n).toString(),
          (f.savedFen ?? 0n).toString(),
          f.transferred ?? false,
          recordedAt,
        ],
      );
    for (const adopted of f.recommendations ?? []) {
      await sut.db.query(
        `INSERT INTO audit_recommendation (id, finding_id, text, adopted, recorded_at)
         VALUES ($1, $2, 'Return the money to its channel', $3, $4)`,
        [randomUUID(), id, adopted, recordedAt],
      );
    }
  }
  return ids;
}

export interface Figure {
  key: string;
  section: string;
  item: string;
  itemEn: string;
  amountFen: string;
  amountYuan: string;
  count: number | null;
  organisation: { id: string } | null;
}

export const FIGURE_FIELDS = `key section item itemEn amountFen amountYuan count organisation { id }`;

export const ANNOUNCEMENT = `query ($incidentId: ID!, $asOf: DateTime) {
  disasterAnnouncement(incidentId: $incidentId, asOf: $asOf) { asOf csv json figures { ${FIGURE_FIELDS} } }
}`;

export const PUBLIC_ANNOUNCEMENT = `query ($incidentId: ID!, $asOf: DateTime) {
  publicDisasterAnnouncement(incidentId: $incidentId, asOf: $asOf) { asOf csv json figures { ${FIGURE_FIELDS} } }
}`;

export const FIGURE_FLOWS = `query ($incidentId: ID!, $key: String!, $first: Int, $after: String) {
  disasterAnnouncement(incidentId: $incidentId) {
    figure(key: $key) {
      amountFen count
      flows(first: $first, after: $after) {
        edges { cursor node { amountFen flow { id stage incident { id } } } }
        pageInfo { hasNextPage endCursor }
      }
      findings(first: $first, after: $after) {
        edges { cursor node { findingId type amountFen count } }
        pageInfo { hasNextPage endCursor }
      }
    }
  }
}`;
