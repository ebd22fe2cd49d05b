import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { ReconstructionFundEstablished } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  entityRef,
  eventContext,
  loadById,
  loader,
  loaderKey,
  loadGroup,
  notFound,
  requiredText,
  requiredUuid,
  requireWriter,
  type RequestContext,
} from '@emergency/graphql';
import { CURRENCY, inJurisdiction } from '@emergency/domain';
import { KnownOrganisations, write } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import type { ReconstructionFundEntity } from './reconstruction-fund.entity';
import { ReconstructionFundErrorCode, ReconstructionFundException } from './reconstruction-fund.exception';
import { NO_TOTALS, ReconstructionFundRepository, type FundTotals } from './reconstruction-fund.repository';

export interface EstablishReconstructionFundInput {
  incidentId: string;
  name: string;
  managingOrganisationId: string;
}

// Request-scoped loader names; the money totals and an incident's fund list are forgotten after a write.
const FUNDS = loaderKey<ReconstructionFundEntity>('ReconstructionFund');
const FUNDS_BY_INCIDENT = loaderKey<ReconstructionFundEntity[]>('ReconstructionFundsByIncident');
/** A fund's totals; every write of a contribution or an allocation forgets its fund's. */
export const TOTALS = loaderKey<FundTotals>('ReconstructionFundTotals');

/** The federation stub of an organisation of the organisations subgraph. */

/** The fund itself: who may see it, its totals, establishing it and the lock its allocations take. */
@Injectable()
export class ReconstructionFundService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReconstructionFundRepository,
    private readonly incidents: IncidentService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  // Reads. A fund and everything in it is visible exactly when its incident is.

  async getFund(ctx: RequestContext, id: string): Promise<ReconstructionFundEntity | null> {
    const fund = await loadById(ctx, FUNDS, (ids) => this.repository.findFundsByIds(ids), id);
    return fund && (await this.incidents.get(ctx, fund.incidentId)) ? fund : null;
  }

  /**
   * A fund another subgraph points at (`_entities`): null when hidden from the caller, as root fields answer;
   * NOT_FOUND when nothing has the id, so the gateway reports the dangling reference at the field holding it.
   */
  async fundReference(ctx: RequestContext, id: string): Promise<ReconstructionFundEntity | null> {
    const fund = await loadById(ctx, FUNDS, (ids) => this.repository.findFundsByIds(ids), id);
    if (!fund) throw notFound('ReconstructionFund', id);
    return (await this.incidents.get(ctx, fund.incidentId)) ? fund : null;
  }

  /** `row` (a contribution, an allocation) when the fund it belongs to is visible to the caller, else null. */
  async ofVisibleFund<T extends { fundId: string }>(ctx: RequestContext, row: T | null): Promise<T | null> {
    return row && (await this.getFund(ctx, row.fundId)) ? row : null;
  }

  /**
   * {@link getFund}, or FUND_NOT_FOUND (which also covers funds outside the caller's jurisdiction). For the writes:
   * the fund and its incident's region are read in one statement, the incident visible as {@link IncidentService.get}
   * decides (by its region).
   */
  async requireFund(ctx: RequestContext, id: string): Promise<ReconstructionFundEntity> {
    const found = await this.repository.findFundWithIncidentRegion(id);
    const fund = found && inJurisdiction(ctx.identity, found.incidentRegionCode) ? found.fund : null;
    if (!fund) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.FundNotFound,
        `reconstruction fund ${id} does not exist or is outside your jurisdiction`,
        { field: 'fundId', id },
      );
    }
    return fund;
  }

  /** The funds of an incident the caller already sees; batched over every incident in the request. */
  async fundsOf(ctx: RequestContext, incident: IncidentEntity): Promise<ReconstructionFundEntity[]> {
    return loadGroup(
      ctx,
      FUNDS_BY_INCIDENT,
      (incidentIds) => this.repository.findFundsByIncidentIds(incidentIds),
      (f) => f.incidentId,
      incident.id,
    );
  }

  /** Pledged, raised and allocated totals; one query for every fund in the request. */
  async totals(ctx: RequestContext, fund: ReconstructionFundEntity): Promise<FundTotals> {
    const totals = await loader(
      ctx,
      TOTALS,
      (ids) => this.repository.totals(ids),
      (t) => t.fundId,
    ).load(fund.id);
    return totals ?? NO_TOTALS(fund.id);
  }

  managingOrganisation(fund: ReconstructionFundEntity) {
    return entityRef('Organisation', fund.managingOrganisationId);
  }

  // Writes

  /**
   * Takes the fund's allocation lock until `manager`'s transaction ends, so the allocations of one fund run one
   * after the other; contributions do not take it (docs/adr/0024-allocations-alone-take-the-fund-lock.md).
   */
  async lockForAllocation(manager: EntityManager, id: string): Promise<void> {
    if (!(await this.repository.lockForAllocation(manager, id))) {
      throw new ReconstructionFundException(
        ReconstructionFundErrorCode.FundNotFound,
        `reconstruction fund ${id} does not exist`,
        { field: 'fundId', id },
      );
    }
  }

  async establish(
    ctx: RequestContext,
    input: EstablishReconstructionFundInput,
  ): Promise<ReconstructionFundEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    const managingOrganisationId = requiredUuid(input.managingOrganisationId, 'managingOrganisationId');
    const incident = await this.incidents.require(ctx, input.incidentId);
    await this.organisations.requireActive(managingOrganisationId, 'managingOrganisationId');
    const change = async (manager: EntityManager) => {
      const created = await this.repository.insertFund(manager, {
        id: randomUUID(),
        incidentId: incident.id,
        name,
        managingOrganisationId,
      });
      await this.outbox.publish(
        manager,
        ReconstructionFundEstablished,
        created.id,
        { fundId: created.id, incidentId: incident.id, name, managingOrganisationId, currency: CURRENCY },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, {
      forgets: [{ key: FUNDS_BY_INCIDENT, ids: [incident.id] }],
    });
  }
}
