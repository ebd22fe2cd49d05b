import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  FundContributionCommitted,
  FundContributionCorrected,
  FundContributionPaid,
  FundContributionRecorded,
  FundContributionWithdrawn,
  type MoneyBlock,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  DomainError,
  entityRef,
  eventContext,
  loadById,
  loader,
  loadGroup,
  loaderKey,
  loadPage,
  notFound,
  requiredText,
  requiredUuid,
  requireActingFor,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { KnownOrganisations, write } from '@emergency/subgraph';
import { afterKey, readPage, readTimeKey, createdAtKey, type PageArgs } from '@emergency/paging';
import { CURRENCY } from '@emergency/domain';
import { IncidentService } from '../incident/incident.service';
import type { ContributionItemEntity } from './contribution-item.entity';
import {
  describeContribution,
  lineTotalFen,
  maySeeContributorName,
  publishedName,
  readContribution,
  readPayment,
  readPublicationPeriod,
  requireTransition,
  requireUndrawn,
  type ContributionDraft,
  type ContributionInput,
  type GoodsLine,
} from './contribution-rules';
import type { FundContributionEntity } from './fund-contribution.entity';
import { FundContributionRepository, type ContributionMove } from './fund-contribution.repository';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';
import { ReconstructionFundService, TOTALS } from './reconstruction-fund.service';

export interface RecordFundContributionInput extends ContributionInput {
  fundId: string;
}

export interface PayFundContributionInput {
  id: string;
  paidOn: string;
  voucherNumber: string;
}

export interface WithdrawFundContributionInput {
  id: string;
  reason: string;
}

export interface CorrectFundContributionInput {
  id: string;
  reason: string;
  corrected: RecordFundContributionInput;
}

export interface DonationPublicationArgs extends PageArgs {
  fundId: string;
  from: string;
  to: string;
}

const CONTRIBUTIONS = loaderKey<FundContributionEntity>('FundContribution');
const CONTRIBUTIONS_OF_FUND = loaderKey<FundContributionEntity[]>('ReconstructionFund.contributions');
/** Keyed by the id of the contribution corrected. */
const CORRECTIONS = loaderKey<FundContributionEntity>('FundContribution.correctedBy');
const GOODS = loaderKey<ContributionItemEntity[]>('FundContribution.goods');

/** The key of the donation publication list: payment day, creation time, id. */
const publicationKey = (c: FundContributionEntity) => [c.paidOn!, c.createdAt.toISOString(), c.id];

/** Money raised into a fund: contributions and their life, visible exactly when their fund is. */ /**
 * A fund's contributions are recorded, and moved through their life, by its managing organisation or the
 * organisation that received them (FORBIDDEN otherwise).
 */
const requireRecorder = (
  ctx: RequestContext,
  fund: ReconstructionFundEntity,
  receivingOrganisationId: string | null,
) =>
  requireActingFor(
    ctx,
    [fund.managingOrganisationId, receivingOrganisationId],
    `the contributions of fund ${fund.id} are recorded by its managing organisation or the organisation that received them`,
  );

@Injectable()
export class FundContributionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FundContributionRepository,
    private readonly funds: ReconstructionFundService,
    private readonly incidents: IncidentService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  // Reads

  async getContribution(ctx: RequestContext, id: string): Promise<FundContributionEntity | null> {
    return this.funds.ofVisibleFund(ctx, await this.load(ctx, id));
  }

  /** `_entities`: null when hidden from the caller; NOT_FOUND when nothing has the id. */
  async contributionReference(ctx: RequestContext, id: string): Promise<FundContributionEntity | null> {
    const contribution = await this.load(ctx, id);
    if (!contribution) throw notFound('FundContribution', id);
    return this.funds.ofVisibleFund(ctx, contribution);
  }

  private load(ctx: RequestContext, id: string): Promise<FundContributionEntity | null> {
    return loadById(ctx, CONTRIBUTIONS, (ids) => this.repository.findContributionsByIds(ids), id);
  }

  /** A fund's contributions; the first page of every fund in the request is loaded in one statement. */
  async contributions(ctx: RequestContext, fund: ReconstructionFundEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, CONTRIBUTIONS_OF_FUND, page, fund.id, {
      firstPages: (fundIds, limit) => this.repository.firstContributions(fundIds, limit),
      parentOf: (c) => c.fundId,
      nextPage: () => this.repository.listContributions(fund.id, page, readTimeKey(page)),
    });
    return toConnection(rows, page, createdAtKey);
  }

  /** The goods lines of a contribution in kind, in order; batched over every contribution in the request. */
  async goods(ctx: RequestContext, contribution: FundContributionEntity): Promise<GoodsLine[]> {
    if (contribution.form !== 'IN_KIND') return [];
    return loadGroup(
      ctx,
      GOODS,
      (ids) => this.repository.goodsOf(ids),
      (item) => item.contributionId,
      contribution.id,
    );
  }

  /**
   * The contributor's name: a natural person's in full only for those who may read personal data of the
   * incident's region ({@link maySeeContributorName}), masked for everyone else; an organisation's as it is.
   */
  async contributorName(ctx: RequestContext, contribution: FundContributionEntity): Promise<string> {
    if (contribution.contributorType !== 'PERSON') return contribution.contributorName;
    const fund = await this.funds.getFund(ctx, contribution.fundId);
    const incident = fund && (await this.incidents.get(ctx, fund.incidentId));
    return incident && maySeeContributorName(ctx.identity, incident.regionCode)
      ? contribution.contributorName
      : publishedName('PERSON', contribution.contributorName);
  }

  /** The contribution that corrects this one, when it is CORRECTED; batched over every contribution in the request. */
  async correctedBy(ctx: RequestContext, contribution: FundContributionEntity) {
    if (contribution.status !== 'CORRECTED') return null;
    const correction = await loader(
      ctx,
      CORRECTIONS,
      (ids) => this.repository.findCorrectionsOf(ids),
      (c) => c.correctsId!,
    ).load(contribution.id);
    return this.funds.ofVisibleFund(ctx, correction);
  }

  payerOrganisation(contribution: FundContributionEntity) {
    return entityRef('Organisation', contribution.payerOrganisationId);
  }

  organisation(id: string | null) {
    return entityRef('Organisation', id);
  }

  /**
   * The donations paid into a fund from `from` to `to` (at most 31 days), oldest payment first, as the Charity Law
   * has them published; null when the fund is hidden from the caller.
   */
  async donationPublication(ctx: RequestContext, args: DonationPublicationArgs) {
    const { from, to } = readPublicationPeriod(args.from, args.to);
    const fund = await this.funds.getFund(ctx, requiredUuid(args.fundId, 'fundId'));
    if (!fund) return null;
    const page = readPage(args);
    const after = afterKey(page, ['date', 'time', 'uuid']);
    const rows = await this.repository.listPaidDonations(
      fund.id,
      from,
      to,
      page,
      after && { paidOn: after[0]!, at: after[1]!, id: after[2]! },
    );
    return {
      ...toConnection(rows, page, publicationKey),
      from,
      to,
      totals: () => this.repository.paidDonationTotals(fund.id, from, to),
    };
  }

  // Writes

  /**
   * Records a contribution as stated ({@link readContribution}), its organisations known and active, its goods
   * lines with it, and publishes FundContributionRecorded (v3).
   */
  async recordContribution(
    ctx: RequestContext,
    input: RecordFundContributionInput,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    const draft = readContribution(input);
    const fund = await this.funds.requireFund(ctx, input.fundId);
    requireRecorder(ctx, fund, draft.receivingOrganisationId);
    await this.requireOrganisations(draft);
    const change = (manager: EntityManager) => this.insert(ctx, manager, fund, draft, null);
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: TOTALS, ids: [fund.id] }],
    });
  }

  /** PLEDGED → COMMITTED; FundContributionCommitted. */
  async commitContribution(ctx: RequestContext, id: string): Promise<FundContributionEntity> {
    return this.move(ctx, id, { status: 'COMMITTED' }, (manager, moved, fund, goods) =>
      this.outbox.publish(
        manager,
        FundContributionCommitted,
        fund.id,
        {
          contributionId: moved.id,
          money: this.moneyOf(fund, moved, goods, { flowId: moved.id, stage: 'PLEDGED', reverses: null }),
        },
        eventContext(ctx),
      ),
    );
  }

  /** PLEDGED or COMMITTED → PAID, with the day and the voucher; FundContributionPaid (RAISED). */
  async payContribution(
    ctx: RequestContext,
    input: PayFundContributionInput,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    const { paidOn, voucherNumber } = readPayment(input.paidOn, input.voucherNumber);
    return this.move(
      ctx,
      input.id,
      { status: 'PAID', paidOn, voucherNumber },
      (manager, moved, fund, goods) =>
        this.outbox.publish(
          manager,
          FundContributionPaid,
          fund.id,
          {
            contributionId: moved.id,
            paidOn,
            voucherNumber,
            money: this.moneyOf(fund, moved, goods, { flowId: moved.id, stage: 'RAISED', reverses: null }),
          },
          eventContext(ctx),
        ),
    );
  }

  /** PLEDGED or COMMITTED → WITHDRAWN, with the reason; FundContributionWithdrawn reverses the promise. */
  async withdrawContribution(
    ctx: RequestContext,
    input: WithdrawFundContributionInput,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason ?? '', 'reason', 500);
    return this.move(
      ctx,
      input.id,
      { status: 'WITHDRAWN', statusReason: reason },
      (manager, moved, fund, goods) =>
        this.outbox.publish(
          manager,
          FundContributionWithdrawn,
          fund.id,
          {
            contributionId: moved.id,
            reason,
            money: this.moneyOf(fund, moved, goods, {
              flowId: randomUUID(),
              stage: 'PLEDGED',
              reverses: moved.id,
            }),
          },
          eventContext(ctx),
        ),
    );
  }

  /**
   * Corrects a contribution: it becomes CORRECTED (FundContributionCorrected, a reversing entry of its whole amount)
   * and the corrected version is recorded in the same fund with `correctsId` naming it (FundContributionRecorded).
   * Refused when allocations have drawn on it (CONTRIBUTION_ALREADY_DRAWN). Returns the new contribution.
   */
  async correctContribution(
    ctx: RequestContext,
    input: CorrectFundContributionInput,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason ?? '', 'reason', 500);
    const draft = readContribution(input.corrected);
    const { original, fund, goods } = await this.requireContribution(ctx, input.id);
    if (requiredUuid(input.corrected.fundId, 'corrected.fundId') !== fund.id) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.CorrectionChangesFund,
        `contribution ${original.id} belongs to fund ${fund.id}; its correction cannot name another fund`,
        { field: 'corrected.fundId', fundId: fund.id },
      );
    }
    await this.requireOrganisations(draft);
    const change = async (manager: EntityManager) => {
      // The fund's allocation lock first: an allocation drawing on the original either committed before (and the
      // correction is refused) or runs after, when the original is no longer PAID.
      await this.funds.lockForAllocation(manager, fund.id);
      const locked = await this.lock(manager, original.id);
      requireTransition(original.id, locked.status, 'CORRECTED');
      requireUndrawn({ id: original.id, ...locked });
      await this.repository.moveContribution(manager, original.id, {
        status: 'CORRECTED',
        statusReason: reason,
      });
      const correctionId = randomUUID();
      const reversed = { ...original, status: locked.status };
      await this.outbox.publish(
        manager,
        FundContributionCorrected,
        fund.id,
        {
          correctedId: original.id,
          correctionId,
          reason,
          money: this.moneyOf(fund, reversed, goods, {
            flowId: randomUUID(),
            stage: locked.status === 'PAID' ? 'RAISED' : 'PLEDGED',
            reverses: original.id,
          }),
        },
        eventContext(ctx),
      );
      return this.insert(ctx, manager, fund, draft, original.id, correctionId);
    };
    return write(ctx, this.dataSource, change, {
      forgets: [
        { key: TOTALS, ids: [fund.id] },
        { key: CONTRIBUTIONS, ids: [original.id] },
        { key: CORRECTIONS, ids: [original.id] },
      ],
    });
  }

  // The parts of the writes

  /** Receiving, payer and directed organisations: known and active (ORGANISATION_UNKNOWN, ORGANISATION_DISSOLVED). */
  private async requireOrganisations(draft: ContributionDraft): Promise<void> {
    if (draft.payerOrganisationId)
      await this.organisations.requireActive(draft.payerOrganisationId, 'payerOrganisationId');
    if (draft.receivingOrganisationId)
      await this.organisations.requireActive(draft.receivingOrganisationId, 'receivingOrganisationId');
    if (draft.directedOrganisationId)
      await this.organisations.requireActive(draft.directedOrganisationId, 'directedOrganisationId');
  }

  private async insert(
    ctx: RequestContext,
    manager: EntityManager,
    fund: ReconstructionFundEntity,
    draft: ContributionDraft,
    correctsId: string | null,
    id: string = randomUUID(),
  ): Promise<FundContributionEntity> {
    // No fund lock: a contribution only adds money, and an allocation draws on it only once it is committed, so
    // its event is in the outbox before any event that names it (docs/adr/0024).
    const { goods, ...row } = draft;
    const created = await this.repository.insertContribution(
      manager,
      { ...row, id, fundId: fund.id, correctsId, statusReason: null, drawnFen: 0n, returnedFen: 0n },
      goods,
    );
    await this.outbox.publish(
      manager,
      FundContributionRecorded,
      fund.id,
      {
        contributionId: created.id,
        kind: draft.kind,
        status: draft.status,
        contributorType: draft.contributorType,
        fiscalLevel: draft.fiscalLevel,
        programme: draft.programme,
        channel: draft.channel,
        receivingOrganisationId: draft.receivingOrganisationId,
        directedPurpose: draft.directedPurpose,
        directedOrganisationId: draft.directedOrganisationId,
        paidOn: draft.paidOn,
        voucherNumber: draft.voucherNumber,
        correctsId,
        money: this.moneyOf(fund, created, goods, {
          flowId: created.id,
          stage: draft.status === 'PAID' ? 'RAISED' : 'PLEDGED',
          reverses: null,
        }),
      },
      eventContext(ctx),
    );
    return created;
  }

  /**
   * A transition of one contribution: checked against its status read under its row lock (so concurrent
   * transitions run one after the other and the second sees the first), applied and published in one transaction.
   */
  private async move(
    ctx: RequestContext,
    id: string,
    move: ContributionMove,
    publish: (
      manager: EntityManager,
      moved: FundContributionEntity,
      fund: ReconstructionFundEntity,
      goods: GoodsLine[],
    ) => Promise<unknown>,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    const { original, fund, goods } = await this.requireContribution(ctx, id);
    const change = async (manager: EntityManager) => {
      const locked = await this.lock(manager, original.id);
      requireTransition(original.id, locked.status, move.status);
      await this.repository.moveContribution(manager, original.id, move);
      const moved: FundContributionEntity = {
        ...original,
        status: move.status,
        paidOn: move.paidOn ?? original.paidOn,
        voucherNumber: move.voucherNumber ?? original.voucherNumber,
        statusReason: move.statusReason ?? null,
      };
      await publish(manager, moved, fund, goods);
      return moved;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [
        { key: TOTALS, ids: [fund.id] },
        { key: CONTRIBUTIONS, ids: [original.id] },
      ],
    });
  }

  /**
   * The contribution `id` with its fund (in the caller's jurisdiction) and goods lines, or CONTRIBUTION_NOT_FOUND
   * (which also covers contributions of funds outside the caller's jurisdiction).
   */
  private async requireContribution(ctx: RequestContext, rawId: string) {
    const id = requiredUuid(rawId, 'id');
    const [original] = await this.repository.findContributionsByIds([id]);
    const notFoundHere = () =>
      new ReconstructionFundException(
        ReconstructionFundErrorCode.ContributionNotFound,
        `contribution ${id} does not exist or is outside your jurisdiction`,
        { field: 'id', id },
      );
    if (!original) throw notFoundHere();
    let fund: ReconstructionFundEntity;
    try {
      fund = await this.funds.requireFund(ctx, original.fundId);
    } catch (error) {
      if (error instanceof DomainError && error.code === ReconstructionFundErrorCode.FundNotFound)
        throw notFoundHere();
      throw error;
    }
    requireRecorder(ctx, fund, original.receivingOrganisationId);
    const goods = original.form === 'IN_KIND' ? await this.repository.goodsOf([original.id]) : [];
    return { original, fund, goods };
  }

  private async lock(manager: EntityManager, id: string) {
    const locked = await this.repository.lockContribution(manager, id);
    if (!locked) throw new Error(`contribution ${id} vanished while it was being changed`);
    return locked;
  }

  /**
   * The money block of a contribution's event: paid by the contributor (a person's name masked: personal names
   * stay in this service's database), to the receiving organisation or else the fund's managing organisation.
   */
  private moneyOf(
    fund: ReconstructionFundEntity,
    c: FundContributionEntity | (Omit<ContributionDraft, 'goods'> & { id: string }),
    goods: readonly GoodsLine[],
    flow: { flowId: string; stage: MoneyBlock['stage']; reverses: string | null },
  ): MoneyBlock {
    const payer = publishedName(c.contributorType, c.contributorName);
    return {
      ...flow,
      fundId: fund.id,
      allocationId: null,
      projectId: null,
      incidentId: fund.incidentId,
      amountFen: c.amountFen.toString(),
      currency: CURRENCY,
      form: c.form,
      goods: goods.map((g) => ({
        description: g.description,
        unit: g.unit,
        quantity: g.quantity,
        unitValueFen: g.unitValueFen.toString(),
        amountFen: lineTotalFen(g).toString(),
      })),
      valuationBasis: c.valuationBasis,
      payer: { organisationId: c.payerOrganisationId, name: payer },
      payee: { organisationId: c.receivingOrganisationId ?? fund.managingOrganisationId, name: null },
      sources: [],
      description: describeContribution({ ...c, goods: [...goods] }, payer),
      occurredAt: new Date().toISOString(),
    };
  }
}
