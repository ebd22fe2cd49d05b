import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { FundContributionRecorded } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  entityRef,
  eventContext,
  loadById,
  loaderKey,
  loadPage,
  notFound,
  oneOf,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { KnownOrganisations, write } from '@emergency/subgraph';
import { readPage, readTimeKey, createdAtKey, type PageArgs } from '@emergency/paging';
import {
  CONTRIBUTION_KINDS,
  CONTRIBUTION_STATUSES,
  type ContributionKind,
  type ContributionStatus,
  type FundContributionEntity,
} from './fund-contribution.entity';
import { FundContributionRepository } from './fund-contribution.repository';
import {
  contributionDescription,
  contributionStage,
  CURRENCY,
  requirePositive,
} from './reconstruction-fund-rules';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundService, TOTALS } from './reconstruction-fund.service';

export interface RecordFundContributionInput {
  fundId: string;
  kind: ContributionKind;
  status: ContributionStatus;
  /** Parsed by the Money scalar. */
  amountFen: bigint;
  contributorName: string;
  payerOrganisationId?: string | null;
}

const LEGACY_DEFAULTS = {
  contributorType: 'ORGANISATION',
  fiscalLevel: null,
  programme: null,
  form: 'CASH',
  valuationBasis: null,
  channel: null,
  receivingOrganisationId: null,
  directedPurpose: null,
  directedOrganisationId: null,
  paidOn: null,
  voucherNumber: null,
  correctsId: null,
  drawnFen: 0n,
  returnedFen: 0n,
} as const;

const CONTRIBUTIONS = loaderKey<FundContributionEntity>('FundContribution');
const CONTRIBUTIONS_OF_FUND = loaderKey<FundContributionEntity[]>('ReconstructionFund.contributions');

/** The money raised into a fund: contributions, visible exactly when their fund is. */
@Injectable()
export class FundContributionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: FundContributionRepository,
    private readonly funds: ReconstructionFundService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

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

  payerOrganisation(contribution: FundContributionEntity) {
    return entityRef('Organisation', contribution.payerOrganisationId);
  }

  async recordContribution(
    ctx: RequestContext,
    input: RecordFundContributionInput,
  ): Promise<FundContributionEntity> {
    requireWriter(ctx);
    requirePositive(input.amountFen);
    const kind = oneOf(CONTRIBUTION_KINDS, input.kind, 'kind');
    const status = oneOf(CONTRIBUTION_STATUSES, input.status, 'status');
    const contributorName = requiredText(input.contributorName, 'contributorName', 200);
    const payerOrganisationId = input.payerOrganisationId
      ? requiredUuid(input.payerOrganisationId, 'payerOrganisationId')
      : null;
    const fund = await this.funds.requireFund(ctx, input.fundId);
    if (payerOrganisationId)
      await this.organisations.requireActive(payerOrganisationId, 'payerOrganisationId');
    const change = async (manager: EntityManager) => {
      // No fund lock: a contribution only adds money, and an allocation draws on it only once it is committed, so
      // its event is in the outbox before any event that names it (docs/adr/0024).
      const created = await this.repository.insertContribution(manager, {
        id: randomUUID(),
        fundId: fund.id,
        kind,
        status,
        amountFen: input.amountFen,
        contributorName,
        payerOrganisationId,
        ...LEGACY_DEFAULTS,
      });
      await this.outbox.publish(
        manager,
        FundContributionRecorded,
        fund.id,
        {
          contributionId: created.id,
          kind: created.kind as 'APPROPRIATION' | 'DONATION',
          status: created.status as 'PLEDGED' | 'COMMITTED' | 'PAID',
          money: {
            flowId: created.id,
            stage: contributionStage(created.status),
            fundId: fund.id,
            allocationId: null,
            incidentId: fund.incidentId,
            amountFen: created.amountFen.toString(),
            currency: CURRENCY,
            payer: { organisationId: payerOrganisationId, name: contributorName },
            payee: { organisationId: fund.managingOrganisationId, name: null },
            sources: [],
            description: contributionDescription(created.kind, contributorName),
            occurredAt: new Date().toISOString(),
          },
        },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: TOTALS, ids: [fund.id] }],
    });
  }
}
