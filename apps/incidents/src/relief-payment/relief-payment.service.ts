import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ReliefPaymentMade, VillageReliefListPublished, type MoneyBlock } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  CommonErrorCode,
  eventContext,
  requireActingFor,
  loadGroup,
  loaderKey,
  oneOf,
  pastOrToday,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  CURRENCY,
  isIdNumber,
  maskIdNumber,
  maskPersonName,
  MONEY_FORMS,
  type MoneyForm,
  type Origin,
  regionCovers,
  totalFen,
} from '@emergency/domain';
import { createdAtKey, readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { write } from '@emergency/subgraph';
import { IncidentService } from '../incident/incident.service';
import { AllocationBalances, type GoodsWanted } from '../reconstruction-fund/allocation-balance';
import type { FundAllocationEntity } from '../reconstruction-fund/fund-allocation.entity';
import type { ReconstructionFundEntity } from '../reconstruction-fund/reconstruction-fund.entity';
import { ReconstructionFundService } from '../reconstruction-fund/reconstruction-fund.service';
import {
  RELIEF_KINDS,
  type ReliefPaymentEntity,
  type ReliefPaymentItemEntity,
  type VillageReliefPublicationEntity,
} from './relief-payment.entity';
import { ReconstructionProjectErrorCode } from '../reconstruction-project/reconstruction-project.exception';
import { ReliefPaymentErrorCode, ReliefPaymentException } from './relief-payment.exception';
import { ReliefPaymentRepository } from './relief-payment.repository';

export interface RecordReliefPaymentInput {
  allocationId: string;
  kind: string;
  household: { headName: string; idNumber: string; size: number };
  villageCode: string;
  amountFen?: bigint | null;
  goods?: GoodsWanted[] | null;
  paidOn: string;
}

export interface PublishVillageReliefListInput {
  fundId: string;
  villageCode: string;
  publishedOn: string;
}

const VILLAGE_CODE = /^[1-8]\d{11}$/;
const ITEMS = loaderKey<ReliefPaymentItemEntity[]>('ReliefPayment.goods');
const PUBLICATIONS = loaderKey<VillageReliefPublicationEntity[]>('ReliefPayment.publication');

/**
 * A relief payment as it is shown: the head's name and identity number always masked (张**, 420102********1234),
 * whoever asks; the village list is public by regulation and no reader needs them in full.
 */
export interface ReliefPaymentView {
  id: string;
  allocationId: string;
  kind: string;
  headName: string;
  idNumber: string;
  householdSize: number;
  villageCode: string;
  form: MoneyForm;
  amountFen: bigint;
  paidOn: string;
  publicationId: string | null;
  createdAt: Date;
}

export const shown = (p: ReliefPaymentEntity): ReliefPaymentView => ({
  id: p.id,
  allocationId: p.allocationId,
  kind: p.kind,
  headName: maskPersonName(p.headName),
  idNumber: maskIdNumber(p.idNumber),
  householdSize: p.householdSize,
  villageCode: p.villageCode,
  form: p.form,
  amountFen: p.amountFen,
  paidOn: p.paidOn,
  publicationId: p.publicationId,
  createdAt: p.createdAt,
});

const villageCodeOf = (value: string, field: string) => {
  if (!VILLAGE_CODE.test(value)) {
    throw new ReliefPaymentException(
      ReliefPaymentErrorCode.VillageCodeInvalid,
      `${field} must be a 12-digit village division code (got ${JSON.stringify(value)})`,
      { field },
    );
  }
  return value;
};

/**
 * Relief paid to households out of allocations (DISBURSED), and the village lists whose publication confirms its
 * use (USED), per docs/adr/0026-the-money-model.md. Recorded by the allocation's recipient organisation (admins:
 * any), within the caller's jurisdiction; read when the fund is visible.
 */
@Injectable()
export class ReliefPaymentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReliefPaymentRepository,
    private readonly funds: ReconstructionFundService,
    private readonly incidents: IncidentService,
    private readonly balances: AllocationBalances,
    private readonly outbox: Outbox,
  ) {}

  private async requireVillageOfIncident(
    ctx: RequestContext,
    fund: ReconstructionFundEntity,
    villageCode: string,
  ) {
    const incident = await this.incidents.require(ctx, fund.incidentId, 'fundId');
    if (!regionCovers(incident.regionCode, villageCode)) {
      throw new ReliefPaymentException(
        ReliefPaymentErrorCode.VillageOutsideIncident,
        `village ${villageCode} is outside the region ${incident.regionCode} of the fund's incident`,
        { field: 'villageCode', regionCode: incident.regionCode },
      );
    }
  }

  async record(ctx: RequestContext, input: RecordReliefPaymentInput): Promise<ReliefPaymentView> {
    requireWriter(ctx);
    const allocationId = requiredUuid(input.allocationId, 'allocationId');
    const kind = oneOf(RELIEF_KINDS, input.kind, 'kind');
    const headName = requiredText(input.household.headName, 'household.headName', 100);
    const idNumber = input.household.idNumber.trim().toUpperCase();
    if (!isIdNumber(idNumber)) {
      throw new ReliefPaymentException(
        ReliefPaymentErrorCode.HouseholdIdNumberInvalid,
        `household.idNumber is not a valid 18-character resident identity number`,
        { field: 'household.idNumber' },
      );
    }
    const size = input.household.size;
    if (!Number.isInteger(size) || size < 1 || size > 100) {
      throw new ReliefPaymentException(
        CommonErrorCode.BadUserInput,
        `household.size must be 1 to 100 people`,
        {
          field: 'household.size',
        },
      );
    }
    const villageCode = villageCodeOf(input.villageCode, 'villageCode');
    const paidOn = pastOrToday(input.paidOn, 'paidOn');
    const allocation = await this.balances.find(this.dataSource.manager, allocationId);
    const fund =
      allocation && !allocation.projectId ? await this.funds.getFund(ctx, allocation.fundId) : null;
    if (!allocation || !fund) {
      throw new ReliefPaymentException(
        ReliefPaymentErrorCode.ReliefAllocationNotFound,
        `allocation ${allocationId} does not exist, is outside your jurisdiction, or was made to a project`,
        { field: 'allocationId', id: allocationId },
      );
    }
    await this.funds.requireFund(ctx, fund.id);
    requireActingFor(
      ctx,
      [allocation.organisationId],
      `relief from allocation ${allocation.id} is paid by its recipient organisation`,
    );
    await this.requireVillageOfIncident(ctx, fund, villageCode);
    const goods = this.requireForm(allocation, input);
    const change = async (manager: EntityManager) => {
      await this.balances.lock(manager, allocation.id);
      let amountFen: bigint;
      let origins: Origin[] | null;
      let lines: MoneyBlock['goods'] = [];
      let valuationBasis: string | null = null;
      if (goods) {
        const drawn = await this.balances.useGoods(manager, allocation.id, goods);
        origins = drawn?.origins ?? null;
        lines = (drawn?.lines ?? []).map((l) => ({
          description: l.description,
          unit: l.unit,
          quantity: l.quantity,
          unitValueFen: l.unitValueFen.toString(),
          amountFen: l.amountFen.toString(),
        }));
        amountFen = totalFen(drawn?.lines ?? []);
        if (drawn) valuationBasis = await this.valuationBasisOf(manager, drawn.origins);
      } else {
        amountFen = input.amountFen!;
        origins = await this.balances.use(manager, allocation.id, amountFen);
      }
      if (!origins) {
        const availableFen = totalFen(await this.balances.holdings(manager, allocation.id));
        throw new ReliefPaymentException(
          ReconstructionProjectErrorCode.AllocationInsufficient,
          `allocation ${allocation.id} has not that much left to hand over (${availableFen} fen)`,
          {
            field: goods ? 'goods' : 'amountFen',
            allocationId: allocation.id,
            availableFen: availableFen.toString(),
          },
        );
      }
      const saved = await this.repository.insertPayment(
        manager,
        {
          id: randomUUID(),
          fundId: fund.id,
          allocationId: allocation.id,
          kind,
          headName,
          idNumber,
          householdSize: size,
          villageCode,
          form: allocation.form,
          amountFen,
          valuationBasis,
          paidOn,
          publicationId: null,
        },
        lines.map((l) => ({
          description: l.description,
          unit: l.unit,
          quantity: l.quantity,
          unitValueFen: BigInt(l.unitValueFen),
        })),
        origins,
      );
      await this.outbox.publish(
        manager,
        ReliefPaymentMade,
        fund.id,
        {
          paymentId: saved.id,
          kind,
          villageCode,
          householdSize: size,
          paidOn,
          money: {
            flowId: saved.id,
            stage: 'DISBURSED',
            reverses: null,
            fundId: fund.id,
            allocationId: allocation.id,
            projectId: null,
            incidentId: fund.incidentId,
            amountFen: amountFen.toString(),
            currency: CURRENCY,
            form: allocation.form,
            goods: lines,
            valuationBasis,
            payer: { organisationId: allocation.organisationId, name: null },
            payee: { organisationId: null, name: maskPersonName(headName) },
            sources: [
              {
                flowId: allocation.id,
                amountFen: amountFen.toString(),
                origins: origins.map((o) => ({
                  contributionId: o.contributionId,
                  amountFen: o.amountFen.toString(),
                })),
              },
            ],
            description: `${kind === 'HOUSING_SUBSIDY' ? 'Housing reconstruction subsidy' : 'Living relief'} to a household of village ${villageCode}`,
            occurredAt: new Date().toISOString(),
          },
        },
        eventContext(ctx),
      );
      return shown(saved);
    };
    return write(ctx, this.dataSource, change);
  }

  /** The goods wanted of an in-kind allocation, or null for cash; RELIEF_FORM_MISMATCH for the other one's input. */
  private requireForm(
    allocation: FundAllocationEntity,
    input: RecordReliefPaymentInput,
  ): GoodsWanted[] | null {
    const goods = input.goods ?? [];
    const mismatch = (field: string) =>
      new ReliefPaymentException(
        ReliefPaymentErrorCode.ReliefFormMismatch,
        allocation.form === 'CASH'
          ? `allocation ${allocation.id} is cash: give amountFen and no goods`
          : `allocation ${allocation.id} is goods in kind: give goods lines and no amountFen`,
        { field, form: allocation.form },
      );
    if (allocation.form === 'CASH') {
      if (goods.length > 0) throw mismatch('goods');
      if (input.amountFen === null || input.amountFen === undefined) throw mismatch('amountFen');
      if (input.amountFen <= 0n) {
        throw new ReliefPaymentException(
          CommonErrorCode.InvalidAmount,
          `amountFen must be greater than zero`,
          {
            field: 'amountFen',
          },
        );
      }
      return null;
    }
    if (input.amountFen !== null && input.amountFen !== undefined) throw mismatch('amountFen');
    if (goods.length === 0) throw mismatch('goods');
    return goods.map((g, i) => {
      if (!Number.isInteger(g.quantity) || g.quantity < 1) {
        throw new ReliefPaymentException(
          CommonErrorCode.BadUserInput,
          `goods[${i}].quantity must be at least 1`,
          {
            field: `goods[${i}].quantity`,
          },
        );
      }
      return {
        description: requiredText(g.description, `goods[${i}].description`, 200),
        unit: requiredText(g.unit, `goods[${i}].unit`, 20),
        quantity: g.quantity,
      };
    });
  }

  /** How the contributions the goods came from were valued, as their donors' records say. */
  private async valuationBasisOf(manager: EntityManager, origins: readonly Origin[]): Promise<string> {
    const bases = await this.repository.valuationBases(
      manager,
      origins.map((o) => o.contributionId),
    );
    return bases.join('; ') || 'as valued by the in-kind contribution';
  }

  /**
   * Publishes a village's list of the households paid from a fund and not yet published: each becomes USED, in one
   * flow per form (cash and goods kept apart). By the fund's managing organisation or the recipient of every
   * allocation the listed payments came from (admins: any).
   */
  async publish(
    ctx: RequestContext,
    input: PublishVillageReliefListInput,
  ): Promise<VillageReliefPublicationEntity[]> {
    requireWriter(ctx);
    const villageCode = villageCodeOf(input.villageCode, 'villageCode');
    const publishedOn = pastOrToday(input.publishedOn, 'publishedOn');
    const fund = await this.funds.requireFund(ctx, input.fundId);
    await this.requireVillageOfIncident(ctx, fund, villageCode);
    const change = async (manager: EntityManager) => {
      const payments = await this.repository.lockUnpublished(manager, fund.id, villageCode);
      if (payments.length === 0) {
        throw new ReliefPaymentException(
          ReliefPaymentErrorCode.NothingToPublish,
          `village ${villageCode} has no relief payment of fund ${fund.id} left to publish`,
          { field: 'villageCode' },
        );
      }
      const payers = await this.repository.recipientsOf(
        manager,
        payments.map((p) => p.allocationId),
      );
      // The one organisation that paid every payment on the list may publish it, beside the fund's manager.
      requireActingFor(
        ctx,
        [fund.managingOrganisationId, ...(payers.length === 1 ? payers : [])],
        `a village list is published by the fund's managing organisation or the organisation that paid it`,
      );
      const ids = payments.map((p) => p.id);
      const origins = await this.repository.originsOf(ids, manager);
      const items = await this.repository.itemsOf(ids, manager);
      const published: VillageReliefPublicationEntity[] = [];
      for (const form of MONEY_FORMS) {
        const listed = payments.filter((p) => p.form === form);
        if (listed.length === 0) continue;
        const amountFen = totalFen(listed);
        const publication = await this.repository.insertPublication(
          manager,
          { id: randomUUID(), fundId: fund.id, villageCode, form, publishedOn, amountFen },
          listed.map((p) => p.id),
        );
        const goods = listed.flatMap((p) =>
          items
            .filter((i) => i.paymentId === p.id)
            .map((i) => ({
              description: i.description,
              unit: i.unit,
              quantity: i.quantity,
              unitValueFen: i.unitValueFen.toString(),
              amountFen: (BigInt(i.quantity) * i.unitValueFen).toString(),
            })),
        );
        const bases = [
          ...new Set(listed.map((p) => p.valuationBasis).filter((b): b is string => b !== null)),
        ];
        await this.outbox.publish(
          manager,
          VillageReliefListPublished,
          fund.id,
          {
            publicationId: publication.id,
            villageCode,
            publishedOn,
            paymentIds: listed.map((p) => p.id),
            money: {
              flowId: publication.id,
              stage: 'USED',
              reverses: null,
              fundId: fund.id,
              allocationId: null,
              projectId: null,
              incidentId: fund.incidentId,
              amountFen: amountFen.toString(),
              currency: CURRENCY,
              form,
              goods,
              valuationBasis: form === 'IN_KIND' ? bases.join('; ') || null : null,
              payer: {
                organisationId: payers.length === 1 ? payers[0] : fund.managingOrganisationId,
                name: null,
              },
              payee: { organisationId: null, name: `Households of village ${villageCode}` },
              sources: listed.map((p) => ({
                flowId: p.id,
                amountFen: p.amountFen.toString(),
                origins: origins
                  .filter((o) => o.paymentId === p.id)
                  .map((o) => ({ contributionId: o.contributionId, amountFen: o.amountFen.toString() })),
              })),
              description: `Relief list of village ${villageCode} published (${listed.length} households)`,
              occurredAt: new Date().toISOString(),
            },
          },
          eventContext(ctx),
        );
        published.push(publication);
      }
      return published;
    };
    return write(ctx, this.dataSource, change);
  }

  /** A village's list, oldest payment first; empty when the fund is hidden from the caller. */
  async villageList(ctx: RequestContext, fundId: string, villageCode: string, args: PageArgs) {
    const page = readPage(args);
    const code = villageCodeOf(villageCode, 'villageCode');
    const fund = await this.funds.getFund(ctx, requiredUuid(fundId, 'fundId'));
    if (!fund) return toConnection<ReliefPaymentView>([], page, createdAtKey);
    const rows = await this.repository.listVillage(fund.id, code, page, readTimeKey(page));
    return toConnection(rows.map(shown), page, createdAtKey);
  }

  goods(ctx: RequestContext, payment: ReliefPaymentView) {
    return loadGroup(
      ctx,
      ITEMS,
      (ids) => this.repository.itemsOf(ids),
      (i) => i.paymentId,
      payment.id,
    );
  }

  async publishedOn(ctx: RequestContext, payment: ReliefPaymentView): Promise<string | null> {
    if (!payment.publicationId) return null;
    const [publication] = await loadGroup(
      ctx,
      PUBLICATIONS,
      (ids) => this.repository.publicationsByIds(ids),
      (v) => v.id,
      payment.publicationId,
    );
    return publication?.publishedOn ?? null;
  }
}
