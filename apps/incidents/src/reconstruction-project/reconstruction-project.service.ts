import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  ProjectContractSigned,
  ProjectPaymentMade,
  ProjectPaymentRefunded,
  ProjectProgressReported,
  ReconstructionProjectAccepted,
  ReconstructionProjectCompleted,
  ReconstructionProjectRegistered,
  ReconstructionProjectSettled,
  ReconstructionProjectStarted,
  type MoneyBlock,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  CommonErrorCode,
  eventContext,
  requireActingFor,
  loadById,
  loaderKey,
  loadGroup,
  loadPage,
  notFound,
  oneOf,
  pastOrToday,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  byAllocation,
  chinaToday,
  CURRENCY,
  inJurisdiction,
  PROJECT_CATEGORIES,
  regionCovers,
  totalFen,
} from '@emergency/domain';
import { createdAtKey, readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { KnownOrganisations, write } from '@emergency/subgraph';
import { IncidentService } from '../incident/incident.service';
import { AllocationBalances } from '../reconstruction-fund/allocation-balance';
import type { ReconstructionFundEntity } from '../reconstruction-fund/reconstruction-fund.entity';
import { ReconstructionFundService } from '../reconstruction-fund/reconstruction-fund.service';
import { ProjectContractEntity } from './project-contract.entity';
import {
  ProjectPaymentEntity,
  ProjectPaymentOriginEntity,
  ProjectRefundEntity,
} from './project-payment.entity';
import { ProjectProgressEntity } from './project-progress.entity';
import {
  netOrigins,
  refundLastFirst,
  requireContractCovers,
  requireMove,
  requirePayable,
  requireNotBefore,
  requireProgress,
  requireSettlementMatches,
} from './reconstruction-project-rules';
import { ReconstructionProjectEntity, type ProjectStatus } from './reconstruction-project.entity';
import {
  ReconstructionProjectErrorCode,
  ReconstructionProjectException,
} from './reconstruction-project.exception';
import { ReconstructionProjectRepository } from './reconstruction-project.repository';

export interface RegisterProjectInput {
  fundId: string;
  name: string;
  category: string;
  regionCode: string;
  ownerOrganisationId: string;
  plannedInvestmentFen: bigint;
}
export interface SignContractInput {
  projectId: string;
  contractorOrganisationId: string;
  amountFen: bigint;
  signedOn: string;
  reference: string;
}
export interface ReportProgressInput {
  projectId: string;
  percentComplete: number;
  milestone: string;
  reportedOn: string;
}
export interface PaymentInput {
  projectId: string;
  contractId: string;
  amountFen: bigint;
  paidOn: string;
  voucherNumber: string;
  from: { allocationId: string; amountFen: bigint }[];
}
export interface RefundInput {
  paymentId: string;
  amountFen: bigint;
  reason: string;
}
export interface SettleInput {
  projectId: string;
  settledOn: string;
  contracts: { contractId: string; settledAmountFen: bigint }[];
}

const PROJECTS = loaderKey<ReconstructionProjectEntity>('ReconstructionProject');
const PROJECTS_OF_FUND = loaderKey<ReconstructionProjectEntity[]>('ReconstructionFund.projects');
const CONTRACTS = loaderKey<ProjectContractEntity[]>('ReconstructionProject.contracts');
const PROGRESS = loaderKey<ProjectProgressEntity[]>('ReconstructionProject.progress');
const PAYMENTS = loaderKey<ProjectPaymentEntity[]>('ReconstructionProject.payments');
const ORIGINS = loaderKey<ProjectPaymentOriginEntity[]>('ProjectPayment.origins');
const REFUNDS = loaderKey<ProjectRefundEntity[]>('ProjectPayment.refunds');

const positive = (amountFen: bigint, field: string) => {
  if (amountFen <= 0n) {
    throw new ReconstructionProjectException(
      CommonErrorCode.InvalidAmount,
      `${field} must be greater than zero (got ${amountFen})`,
      { field },
    );
  }
  return amountFen;
};

const projectNotFound = (id: string, field = 'projectId') =>
  new ReconstructionProjectException(
    ReconstructionProjectErrorCode.ProjectNotFound,
    `${field.replace(/Id$/, '')} ${id} does not exist or is outside your jurisdiction`,
    { field, id },
  );

/**
 * Reconstruction projects: their life (planned, started, completed, accepted, settled), their contracts and
 * progress, and the money paid to their contractors out of the allocations made to them
 * (docs/adr/0026-the-money-model.md): stage payments (DISBURSED), refunds (reversing them), and the final account
 * (USED). A project is visible when its fund is; it is written by its owner organisation or the fund's managing
 * organisation (admins: any), within the caller's jurisdiction.
 */
@Injectable()
export class ReconstructionProjectService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: ReconstructionProjectRepository,
    private readonly funds: ReconstructionFundService,
    private readonly incidents: IncidentService,
    private readonly balances: AllocationBalances,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
  ) {}

  // Reads

  private load(ctx: RequestContext, id: string) {
    return loadById(ctx, PROJECTS, (ids) => this.repository.findProjectsByIds(ids), id);
  }

  async getProject(ctx: RequestContext, id: string): Promise<ReconstructionProjectEntity | null> {
    return this.funds.ofVisibleFund(ctx, await this.load(ctx, id));
  }

  async projectReference(ctx: RequestContext, id: string): Promise<ReconstructionProjectEntity | null> {
    const project = await this.load(ctx, id);
    if (!project) throw notFound('ReconstructionProject', id);
    return this.funds.ofVisibleFund(ctx, project);
  }

  async projects(ctx: RequestContext, fund: ReconstructionFundEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, PROJECTS_OF_FUND, page, fund.id, {
      firstPages: (fundIds, limit) => this.repository.firstProjects(fundIds, limit),
      parentOf: (p) => p.fundId,
      nextPage: () => this.repository.listProjects(fund.id, page, readTimeKey(page)),
    });
    return toConnection(rows, page, createdAtKey);
  }

  contracts(ctx: RequestContext, project: ReconstructionProjectEntity) {
    return loadGroup(
      ctx,
      CONTRACTS,
      (ids) => this.repository.contractsOf(ids),
      (c) => c.projectId,
      project.id,
    );
  }

  progress(ctx: RequestContext, project: ReconstructionProjectEntity) {
    return loadGroup(
      ctx,
      PROGRESS,
      (ids) => this.repository.progressOf(ids),
      (r) => r.projectId,
      project.id,
    );
  }

  payments(ctx: RequestContext, project: ReconstructionProjectEntity) {
    return loadGroup(
      ctx,
      PAYMENTS,
      (ids) => this.repository.paymentsOf(ids),
      (p) => p.projectId,
      project.id,
    );
  }

  refunds(ctx: RequestContext, payment: ProjectPaymentEntity) {
    return loadGroup(
      ctx,
      REFUNDS,
      (ids) => this.repository.refundsOf(ids),
      (r) => r.paymentId,
      payment.id,
    );
  }

  /** A payment's sources: per allocation, what it drew net of refunds, with the contributions it is. */
  async sources(ctx: RequestContext, payment: ProjectPaymentEntity) {
    const origins = await loadGroup(
      ctx,
      ORIGINS,
      (ids) => this.repository.originsOf(ids),
      (o) => o.paymentId,
      payment.id,
    );
    const drawn = byAllocation(origins);
    const net = byAllocation(origins.map((o) => ({ ...o, amountFen: o.amountFen - o.refundedFen })));
    return drawn.map((d) => {
      const left = net.find((n) => n.allocationId === d.allocationId);
      return {
        allocationId: d.allocationId,
        paidFen: d.amountFen,
        netFen: left?.amountFen ?? 0n,
        origins: (left?.origins ?? []).map((o) => ({
          contributionId: o.contributionId,
          amountFen: o.amountFen,
        })),
      };
    });
  }

  /** Net paid on each of the project's contracts. */
  async paidPerContract(
    ctx: RequestContext,
    project: ReconstructionProjectEntity,
  ): Promise<Map<string, bigint>> {
    const payments = await this.payments(ctx, project);
    const paid = new Map<string, bigint>();
    for (const p of payments)
      paid.set(p.contractId, (paid.get(p.contractId) ?? 0n) + p.amountFen - p.refundedFen);
    return paid;
  }

  statusHistory(project: ReconstructionProjectEntity) {
    const planned = chinaToday(project.createdAt);
    const steps: [ProjectStatus, string | null][] = [
      ['PLANNED', planned],
      ['STARTED', project.startedOn],
      ['COMPLETED', project.completedOn],
      ['ACCEPTED', project.acceptedOn],
      ['SETTLED', project.settledOn],
    ];
    return steps.filter(([, on]) => on !== null).map(([status, on]) => ({ status, on }));
  }

  // Writes

  /**
   * The caller may write the project's fund's projects: a writer within the fund's jurisdiction (FUND_NOT_FOUND
   * otherwise) and, unless an admin, acting for `owner` or the fund's managing organisation (FORBIDDEN).
   */
  private async requireProjectWriter(ctx: RequestContext, fundId: string, ownerId: string) {
    requireWriter(ctx);
    const fund = await this.funds.requireFund(ctx, fundId);
    requireActingFor(
      ctx,
      [ownerId, fund.managingOrganisationId],
      `projects of fund ${fund.id} are recorded by the project's owner organisation or the fund's managing organisation`,
    );
    return fund;
  }

  /** The project and its fund, for a write on it: PROJECT_NOT_FOUND when unknown or hidden. */
  private async requireProject(ctx: RequestContext, id: string, field = 'projectId') {
    const projectId = requiredUuid(id, field);
    const [project] = await this.repository.findProjectsByIds([projectId]);
    if (!project || !ctx.identity || !inJurisdiction(ctx.identity, project.regionCode)) {
      throw projectNotFound(projectId, field);
    }
    const fund = await this.requireProjectWriter(ctx, project.fundId, project.ownerOrganisationId);
    return { project, fund };
  }

  /** The project locked in `manager`'s transaction, as it is now. */
  private async locked(manager: EntityManager, id: string): Promise<ReconstructionProjectEntity> {
    const project = await this.repository.lockProject(manager, id);
    if (!project) throw projectNotFound(id);
    return project;
  }

  private forget(ids: { projectId?: string; fundId?: string }) {
    return [
      ...(ids.projectId
        ? [PROJECTS, CONTRACTS, PROGRESS, PAYMENTS].map((key) => ({ key, ids: [ids.projectId!] }))
        : []),
      ...(ids.fundId ? [{ key: PROJECTS_OF_FUND, ids: [ids.fundId] }] : []),
    ];
  }

  async register(ctx: RequestContext, input: RegisterProjectInput): Promise<ReconstructionProjectEntity> {
    requireWriter(ctx);
    const name = requiredText(input.name, 'name', 200);
    const category = oneOf(PROJECT_CATEGORIES, input.category, 'category');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    const ownerOrganisationId = requiredUuid(input.ownerOrganisationId, 'ownerOrganisationId');
    const plannedInvestmentFen = positive(input.plannedInvestmentFen, 'plannedInvestmentFen');
    const fund = await this.requireProjectWriter(ctx, input.fundId, ownerOrganisationId);
    const incident = await this.incidents.require(ctx, fund.incidentId, 'fundId');
    if (!regionCovers(incident.regionCode, regionCode)) {
      throw new ReconstructionProjectException(
        ReconstructionProjectErrorCode.ProjectRegionOutsideIncident,
        `region ${regionCode} is outside the region ${incident.regionCode} of the fund's incident`,
        { field: 'regionCode', regionCode: incident.regionCode },
      );
    }
    await this.organisations.requireActive(ownerOrganisationId, 'ownerOrganisationId');
    const change = async (manager: EntityManager) => {
      const created = await this.repository.insert(manager, ReconstructionProjectEntity, {
        id: randomUUID(),
        fundId: fund.id,
        name,
        category,
        regionCode,
        ownerOrganisationId,
        plannedInvestmentFen,
        status: 'PLANNED',
        percentComplete: 0,
      });
      await this.outbox.publish(
        manager,
        ReconstructionProjectRegistered,
        fund.id,
        {
          projectId: created.id,
          fundId: fund.id,
          incidentId: fund.incidentId,
          name,
          category,
          regionCode,
          ownerOrganisationId,
          plannedInvestmentFen: plannedInvestmentFen.toString(),
        },
        eventContext(ctx),
      );
      return created;
    };
    return write(ctx, this.dataSource, change, { forgets: this.forget({ fundId: fund.id }) });
  }

  async signContract(ctx: RequestContext, input: SignContractInput): Promise<ProjectContractEntity> {
    requireWriter(ctx);
    const contractorOrganisationId = requiredUuid(input.contractorOrganisationId, 'contractorOrganisationId');
    const amountFen = positive(input.amountFen, 'amountFen');
    const signedOn = pastOrToday(input.signedOn, 'signedOn');
    const reference = requiredText(input.reference, 'reference', 100);
    const { project, fund } = await this.requireProject(ctx, input.projectId);
    await this.organisations.requireActiveOfType(
      contractorOrganisationId,
      'ENTERPRISE',
      'contractorOrganisationId',
    );
    const change = async (manager: EntityManager) => {
      const now = await this.locked(manager, project.id);
      if (now.status !== 'PLANNED' && now.status !== 'STARTED') {
        throw new ReconstructionProjectException(
          ReconstructionProjectErrorCode.ProjectStatusForbids,
          `a ${now.status} project signs no more contracts`,
          { field: 'projectId', status: now.status },
        );
      }
      const contract = await this.repository.insert(manager, ProjectContractEntity, {
        id: randomUUID(),
        projectId: project.id,
        contractorOrganisationId,
        amountFen,
        signedOn,
        reference,
        settledAmountFen: null,
      });
      await this.outbox.publish(
        manager,
        ProjectContractSigned,
        fund.id,
        {
          contractId: contract.id,
          projectId: project.id,
          fundId: fund.id,
          contractorOrganisationId,
          amountFen: amountFen.toString(),
          signedOn,
          reference,
        },
        eventContext(ctx),
      );
      return contract;
    };
    return write(ctx, this.dataSource, change, { forgets: this.forget({ projectId: project.id }) });
  }

  /** PLANNED → STARTED, once a contract is signed. */
  async start(ctx: RequestContext, projectId: string, startedOn: string) {
    const on = pastOrToday(startedOn, 'startedOn');
    return this.move(ctx, projectId, 'STARTED', async (manager, project, fund) => {
      const contracts = await this.repository.contractsOf([project.id], manager);
      if (contracts.length === 0) {
        throw new ReconstructionProjectException(
          ReconstructionProjectErrorCode.ProjectHasNoContract,
          `project ${project.id} has no contract signed: it cannot start`,
          { field: 'projectId' },
        );
      }
      await this.repository.update(manager, project.id, { status: 'STARTED', startedOn: on });
      await this.outbox.publish(
        manager,
        ReconstructionProjectStarted,
        fund.id,
        { projectId: project.id, fundId: fund.id, startedOn: on },
        eventContext(ctx),
      );
    });
  }

  /** STARTED → COMPLETED, at 100 percent. */
  async complete(ctx: RequestContext, projectId: string, completedOn: string) {
    const on = pastOrToday(completedOn, 'completedOn');
    return this.move(ctx, projectId, 'COMPLETED', async (manager, project, fund) => {
      requireNotBefore(on, project.startedOn, 'completedOn');
      if (project.percentComplete !== 100) {
        throw new ReconstructionProjectException(
          ReconstructionProjectErrorCode.ProjectNotComplete,
          `project ${project.id} is ${project.percentComplete} percent complete: report 100 percent first`,
          { field: 'projectId', percentComplete: project.percentComplete },
        );
      }
      await this.repository.update(manager, project.id, { status: 'COMPLETED', completedOn: on });
      await this.outbox.publish(
        manager,
        ReconstructionProjectCompleted,
        fund.id,
        { projectId: project.id, fundId: fund.id, completedOn: on },
        eventContext(ctx),
      );
    });
  }

  /** COMPLETED → ACCEPTED by the body that accepted it. */
  async accept(ctx: RequestContext, projectId: string, acceptedOn: string, acceptingBody: string) {
    const on = pastOrToday(acceptedOn, 'acceptedOn');
    const body = requiredText(acceptingBody, 'acceptingBody', 200);
    return this.move(ctx, projectId, 'ACCEPTED', async (manager, project, fund) => {
      requireNotBefore(on, project.completedOn, 'acceptedOn');
      await this.repository.update(manager, project.id, {
        status: 'ACCEPTED',
        acceptedOn: on,
        acceptingBody: body,
      });
      await this.outbox.publish(
        manager,
        ReconstructionProjectAccepted,
        fund.id,
        { projectId: project.id, fundId: fund.id, acceptedOn: on, acceptingBody: body },
        eventContext(ctx),
      );
    });
  }

  /**
   * ACCEPTED → SETTLED: the final account names every contract with its settled amount, each equal to what was
   * paid on it net of refunds (SETTLEMENT_MISMATCH); it confirms the use of every payment in one USED flow.
   */
  async settle(ctx: RequestContext, input: SettleInput) {
    const on = pastOrToday(input.settledOn, 'settledOn');
    const settled = input.contracts.map((c, i) => ({
      contractId: requiredUuid(c.contractId, `contracts[${i}].contractId`),
      settledAmountFen: c.settledAmountFen,
    }));
    return this.move(ctx, input.projectId, 'SETTLED', async (manager, project, fund) => {
      requireNotBefore(on, project.acceptedOn, 'settledOn');
      const contracts = await this.repository.contractsOf([project.id], manager);
      const paid = new Map(
        (await this.repository.paidPerContract([project.id], manager)).map((p) => [p.contractId, p.paidFen]),
      );
      requireSettlementMatches(
        contracts.map((c) => ({ id: c.id, paidFen: paid.get(c.id) ?? 0n })),
        settled,
      );
      await this.repository.settleContracts(manager, settled);
      const payments = await this.repository.paymentsOf([project.id], manager);
      const origins = await this.repository.originsOf(
        payments.map((p) => p.id),
        manager,
      );
      const sources = payments
        .map((p) => {
          const net = netOrigins(origins.filter((o) => o.paymentId === p.id));
          return { flowId: p.id, amountFen: totalFen(net), origins: net };
        })
        .filter((s) => s.amountFen > 0n);
      const settlementId = randomUUID();
      await this.repository.update(manager, project.id, { status: 'SETTLED', settledOn: on, settlementId });
      const amountFen = totalFen(sources);
      await this.outbox.publish(
        manager,
        ReconstructionProjectSettled,
        fund.id,
        {
          settlementId,
          projectId: project.id,
          settledOn: on,
          contracts: settled.map((s) => ({
            contractId: s.contractId,
            settledAmountFen: s.settledAmountFen.toString(),
          })),
          money: this.money({
            flowId: settlementId,
            stage: 'USED',
            reverses: null,
            fund,
            allocationId: null,
            projectId: project.id,
            amountFen,
            payer: { organisationId: project.ownerOrganisationId, name: null },
            payee: { organisationId: project.ownerOrganisationId, name: null },
            sources: sources.map((s) => ({
              flowId: s.flowId,
              amountFen: s.amountFen.toString(),
              origins: s.origins.map((o) => ({
                contributionId: o.contributionId,
                amountFen: o.amountFen.toString(),
              })),
            })),
            description: `Final account of ${project.name} settled`,
          }),
        },
        eventContext(ctx),
      );
    });
  }

  /** A status change: the caller may write the project, the project (locked) is where `to` may follow. */
  private async move(
    ctx: RequestContext,
    projectId: string,
    to: ProjectStatus,
    work: (
      manager: EntityManager,
      project: ReconstructionProjectEntity,
      fund: ReconstructionFundEntity,
    ) => Promise<void>,
  ): Promise<ReconstructionProjectEntity> {
    const { project, fund } = await this.requireProject(ctx, projectId);
    const change = async (manager: EntityManager) => {
      const now = await this.locked(manager, project.id);
      requireMove(now.status, to);
      await work(manager, now, fund);
      return (await this.repository.lockProject(manager, project.id))!;
    };
    return write(ctx, this.dataSource, change, {
      forgets: this.forget({ projectId: project.id, fundId: fund.id }),
    });
  }

  async reportProgress(
    ctx: RequestContext,
    input: ReportProgressInput,
  ): Promise<ReconstructionProjectEntity> {
    requireWriter(ctx);
    const { percentComplete } = input;
    if (!Number.isInteger(percentComplete) || percentComplete < 0 || percentComplete > 100) {
      throw new ReconstructionProjectException(
        CommonErrorCode.BadUserInput,
        `percentComplete must be a whole number from 0 to 100 (got ${percentComplete})`,
        { field: 'percentComplete' },
      );
    }
    const milestone = requiredText(input.milestone, 'milestone', 500);
    const reportedOn = pastOrToday(input.reportedOn, 'reportedOn');
    const { project, fund } = await this.requireProject(ctx, input.projectId);
    const change = async (manager: EntityManager) => {
      const now = await this.locked(manager, project.id);
      if (now.status === 'PLANNED') requirePayable(now.status);
      if (now.status !== 'STARTED') {
        throw new ReconstructionProjectException(
          ReconstructionProjectErrorCode.ProjectStatusForbids,
          `progress is reported while a project is under construction; this one is ${now.status}`,
          { field: 'projectId', status: now.status },
        );
      }
      requireProgress(now.percentComplete, percentComplete);
      await this.repository.insert(manager, ProjectProgressEntity, {
        projectId: project.id,
        position: await this.repository.progressCount(manager, project.id),
        percentComplete,
        milestone,
        reportedOn,
      });
      await this.repository.update(manager, project.id, { percentComplete });
      await this.outbox.publish(
        manager,
        ProjectProgressReported,
        fund.id,
        { projectId: project.id, fundId: fund.id, percentComplete, milestone, reportedOn },
        eventContext(ctx),
      );
      return { ...now, percentComplete };
    };
    return write(ctx, this.dataSource, change, { forgets: this.forget({ projectId: project.id }) });
  }

  /**
   * A stage payment to a contract's contractor, drawn from the allocations made to the project as the payer split
   * it. Each allocation is locked (in id order, so two payments never wait on each other crosswise), checked to be
   * this project's and cash, and drawn on first in, first out; the payment, what it drew of each contribution
   * through each allocation, and its DISBURSED event are written in one transaction.
   */
  async pay(ctx: RequestContext, input: PaymentInput): Promise<ProjectPaymentEntity> {
    requireWriter(ctx);
    const amountFen = positive(input.amountFen, 'amountFen');
    const contractId = requiredUuid(input.contractId, 'contractId');
    const paidOn = pastOrToday(input.paidOn, 'paidOn');
    const voucherNumber = requiredText(input.voucherNumber, 'voucherNumber', 100);
    const from = input.from.map((f, i) => ({
      allocationId: requiredUuid(f.allocationId, `from[${i}].allocationId`),
      amountFen: positive(f.amountFen, `from[${i}].amountFen`),
      field: `from[${i}]`,
    }));
    if (
      from.length === 0 ||
      totalFen(from) !== amountFen ||
      new Set(from.map((f) => f.allocationId)).size !== from.length
    ) {
      throw new ReconstructionProjectException(
        ReconstructionProjectErrorCode.PaymentSplitMismatch,
        `from must name each allocation once with amounts adding up to amountFen ${amountFen}`,
        { field: 'from' },
      );
    }
    const { project, fund } = await this.requireProject(ctx, input.projectId);
    const change = async (manager: EntityManager) => {
      const now = await this.locked(manager, project.id);
      requirePayable(now.status);
      const contract = (await this.repository.contractsOf([project.id], manager)).find(
        (c) => c.id === contractId,
      );
      if (!contract) throw projectNotFound(contractId, 'contractId');
      const paid = (await this.repository.paidPerContract([project.id], manager)).find(
        (p) => p.contractId === contract.id,
      );
      requireContractCovers(contract, paid?.paidFen ?? 0n, amountFen);
      for (const f of [...from].sort((a, b) => (a.allocationId < b.allocationId ? -1 : 1))) {
        const allocation = (await this.balances.lock(manager, f.allocationId))
          ? await this.balances.find(manager, f.allocationId)
          : null;
        if (!allocation || allocation.projectId !== project.id || allocation.form !== 'CASH') {
          throw new ReconstructionProjectException(
            ReconstructionProjectErrorCode.AllocationNotForProject,
            `allocation ${f.allocationId} is not a cash allocation made to project ${project.id}`,
            { field: `${f.field}.allocationId`, allocationId: f.allocationId },
          );
        }
      }
      const drawn: Omit<ProjectPaymentOriginEntity, 'paymentId'>[] = [];
      for (const f of from) {
        const origins = await this.balances.use(manager, f.allocationId, f.amountFen);
        if (!origins) {
          const availableFen = totalFen(await this.balances.holdings(manager, f.allocationId));
          throw new ReconstructionProjectException(
            ReconstructionProjectErrorCode.AllocationInsufficient,
            `allocation ${f.allocationId} has ${availableFen} fen left; ${f.amountFen} fen was asked of it`,
            {
              field: `${f.field}.amountFen`,
              allocationId: f.allocationId,
              availableFen: availableFen.toString(),
            },
          );
        }
        for (const o of origins) {
          drawn.push({
            position: drawn.length,
            allocationId: f.allocationId,
            contributionId: o.contributionId,
            amountFen: o.amountFen,
            refundedFen: 0n,
          });
        }
      }
      const payment = await this.repository.insert(manager, ProjectPaymentEntity, {
        id: randomUUID(),
        projectId: project.id,
        contractId: contract.id,
        amountFen,
        refundedFen: 0n,
        paidOn,
        voucherNumber,
      });
      await this.repository.insertOrigins(manager, payment.id, drawn);
      await this.outbox.publish(
        manager,
        ProjectPaymentMade,
        fund.id,
        {
          paymentId: payment.id,
          projectId: project.id,
          contractId: contract.id,
          paidOn,
          voucherNumber,
          money: this.money({
            flowId: payment.id,
            stage: 'DISBURSED',
            reverses: null,
            fund,
            allocationId: from.length === 1 ? from[0].allocationId : null,
            projectId: project.id,
            amountFen,
            payer: { organisationId: project.ownerOrganisationId, name: null },
            payee: { organisationId: contract.contractorOrganisationId, name: null },
            sources: this.flowSources(byAllocation(drawn)),
            description: `Payment on contract ${contract.reference} of ${project.name}`,
          }),
        },
        eventContext(ctx),
      );
      return payment;
    };
    return write(ctx, this.dataSource, change, { forgets: this.forget({ projectId: project.id }) });
  }

  /**
   * Money a contractor paid back on a payment: at most what is left of it (REFUND_EXCEEDS_PAID), given back to the
   * allocations it drew on, the last drawn first, with their origins; a DISBURSED flow reversing the payment.
   */
  async refund(ctx: RequestContext, input: RefundInput): Promise<ProjectPaymentEntity> {
    requireWriter(ctx);
    const paymentId = requiredUuid(input.paymentId, 'paymentId');
    const amountFen = positive(input.amountFen, 'amountFen');
    const reason = requiredText(input.reason, 'reason', 500);
    const found = await this.repository.findPayment(paymentId);
    if (!found) throw projectNotFound(paymentId, 'paymentId');
    const { project, fund } = await this.requireProject(ctx, found.projectId, 'paymentId');
    const change = async (manager: EntityManager) => {
      const now = await this.locked(manager, project.id);
      requirePayable(now.status);
      const payment = (await this.repository.findPayment(paymentId, manager))!;
      const netFen = payment.amountFen - payment.refundedFen;
      const origins = await this.repository.originsOf([payment.id], manager);
      const back = amountFen <= netFen ? refundLastFirst(origins, amountFen) : null;
      if (!back) {
        throw new ReconstructionProjectException(
          CommonErrorCode.RefundExceedsPaid,
          `payment ${payment.id} has ${netFen} fen left after refunds; ${amountFen} fen cannot be refunded`,
          { field: 'amountFen', paidFen: netFen.toString(), requestedFen: amountFen.toString() },
        );
      }
      const sources = byAllocation(back);
      for (const allocationId of sources.map((s) => s.allocationId).sort()) {
        await this.balances.lock(manager, allocationId);
      }
      for (const s of sources) await this.balances.giveBack(manager, s.allocationId, s.origins);
      await this.repository.addRefunded(manager, payment.id, back);
      const refund = await this.repository.insert(manager, ProjectRefundEntity, {
        id: randomUUID(),
        paymentId: payment.id,
        amountFen,
        reason,
      });
      const contract = (await this.repository.contractsOf([project.id], manager)).find(
        (c) => c.id === payment.contractId,
      )!;
      await this.outbox.publish(
        manager,
        ProjectPaymentRefunded,
        fund.id,
        {
          refundId: refund.id,
          paymentId: payment.id,
          projectId: project.id,
          reason,
          money: this.money({
            flowId: refund.id,
            stage: 'DISBURSED',
            reverses: payment.id,
            fund,
            allocationId: sources.length === 1 ? sources[0].allocationId : null,
            projectId: project.id,
            amountFen,
            payer: { organisationId: contract.contractorOrganisationId, name: null },
            payee: { organisationId: project.ownerOrganisationId, name: null },
            sources: this.flowSources(sources),
            description: `Refund on contract ${contract.reference} of ${project.name}: ${reason}`,
          }),
        },
        eventContext(ctx),
      );
      return { ...payment, refundedFen: payment.refundedFen + amountFen };
    };
    return write(ctx, this.dataSource, change, {
      forgets: [
        ...this.forget({ projectId: project.id }),
        { key: REFUNDS, ids: [paymentId] },
        { key: ORIGINS, ids: [paymentId] },
      ],
    });
  }

  private flowSources(
    groups: {
      allocationId: string;
      amountFen: bigint;
      origins: { contributionId: string; amountFen: bigint }[];
    }[],
  ) {
    return groups.map((g) => ({
      flowId: g.allocationId,
      amountFen: g.amountFen.toString(),
      origins: g.origins.map((o) => ({
        contributionId: o.contributionId,
        amountFen: o.amountFen.toString(),
      })),
    }));
  }

  private money(m: {
    flowId: string;
    stage: MoneyBlock['stage'];
    reverses: string | null;
    fund: ReconstructionFundEntity;
    allocationId: string | null;
    projectId: string;
    amountFen: bigint;
    payer: MoneyBlock['payer'];
    payee: MoneyBlock['payee'];
    sources: MoneyBlock['sources'];
    description: string;
  }): MoneyBlock {
    return {
      flowId: m.flowId,
      stage: m.stage,
      reverses: m.reverses,
      fundId: m.fund.id,
      allocationId: m.allocationId,
      projectId: m.projectId,
      incidentId: m.fund.incidentId,
      amountFen: m.amountFen.toString(),
      currency: CURRENCY,
      form: 'CASH',
      goods: [],
      valuationBasis: null,
      payer: m.payer,
      payee: m.payee,
      sources: m.sources,
      description: m.description,
      occurredAt: new Date().toISOString(),
    };
  }
}
