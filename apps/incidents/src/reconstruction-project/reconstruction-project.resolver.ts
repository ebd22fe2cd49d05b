import {
  Args,
  Context,
  Mutation,
  Parent,
  Query,
  ResolveField,
  ResolveReference,
  Resolver,
} from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { FundAllocationEntity } from '../reconstruction-fund/fund-allocation.entity';
import type { ReconstructionFundEntity } from '../reconstruction-fund/reconstruction-fund.entity';
import { ReconstructionFundService } from '../reconstruction-fund/reconstruction-fund.service';
import type { ProjectContractEntity } from './project-contract.entity';
import type { ProjectPaymentEntity } from './project-payment.entity';
import type { ReconstructionProjectEntity } from './reconstruction-project.entity';
import {
  ReconstructionProjectService,
  type PaymentInput,
  type RefundInput,
  type RegisterProjectInput,
  type ReportProgressInput,
  type SettleInput,
  type SignContractInput,
} from './reconstruction-project.service';

/** A contract as the schema shows it: with its net paid, worked out with the project's payments. */
type ContractView = ProjectContractEntity & { paidFen: bigint };

@Resolver('ReconstructionProject')
export class ReconstructionProjectResolver {
  constructor(
    private readonly projects: ReconstructionProjectService,
    private readonly funds: ReconstructionFundService,
  ) {}

  @Query('reconstructionProject')
  project(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.projects.getProject(ctx, id);
  }

  @Mutation('registerReconstructionProject')
  register(@Args('input') input: RegisterProjectInput, @Context() ctx: RequestContext) {
    return this.projects.register(ctx, input);
  }

  @Mutation('signProjectContract')
  async sign(@Args('input') input: SignContractInput, @Context() ctx: RequestContext): Promise<ContractView> {
    return { ...(await this.projects.signContract(ctx, input)), paidFen: 0n };
  }

  @Mutation('startReconstructionProject')
  start(@Args('input') input: { projectId: string; startedOn: string }, @Context() ctx: RequestContext) {
    return this.projects.start(ctx, input.projectId, input.startedOn);
  }

  @Mutation('reportProjectProgress')
  report(@Args('input') input: ReportProgressInput, @Context() ctx: RequestContext) {
    return this.projects.reportProgress(ctx, input);
  }

  @Mutation('makeProjectPayment')
  pay(@Args('input') input: PaymentInput, @Context() ctx: RequestContext) {
    return this.projects.pay(ctx, input);
  }

  @Mutation('refundProjectPayment')
  refund(@Args('input') input: RefundInput, @Context() ctx: RequestContext) {
    return this.projects.refund(ctx, input);
  }

  @Mutation('completeReconstructionProject')
  complete(@Args('input') input: { projectId: string; completedOn: string }, @Context() ctx: RequestContext) {
    return this.projects.complete(ctx, input.projectId, input.completedOn);
  }

  @Mutation('acceptReconstructionProject')
  accept(
    @Args('input') input: { projectId: string; acceptedOn: string; acceptingBody: string },
    @Context() ctx: RequestContext,
  ) {
    return this.projects.accept(ctx, input.projectId, input.acceptedOn, input.acceptingBody);
  }

  @Mutation('settleReconstructionProject')
  settle(@Args('input') input: SettleInput, @Context() ctx: RequestContext) {
    return this.projects.settle(ctx, input);
  }

  @ResolveField('fund')
  fund(@Parent() project: ReconstructionProjectEntity, @Context() ctx: RequestContext) {
    return this.funds.getFund(ctx, project.fundId);
  }

  @ResolveField('ownerOrganisation')
  ownerOrganisation(@Parent() project: ReconstructionProjectEntity) {
    return entityRef('Organisation', project.ownerOrganisationId);
  }

  @ResolveField('statusHistory')
  statusHistory(@Parent() project: ReconstructionProjectEntity) {
    return this.projects.statusHistory(project);
  }

  @ResolveField('contracts')
  async contracts(
    @Parent() project: ReconstructionProjectEntity,
    @Context() ctx: RequestContext,
  ): Promise<ContractView[]> {
    const paid = await this.projects.paidPerContract(ctx, project);
    const contracts = await this.projects.contracts(ctx, project);
    return contracts.map((c) => ({ ...c, paidFen: paid.get(c.id) ?? 0n }));
  }

  @ResolveField('progress')
  progress(@Parent() project: ReconstructionProjectEntity, @Context() ctx: RequestContext) {
    return this.projects.progress(ctx, project);
  }

  @ResolveField('payments')
  payments(@Parent() project: ReconstructionProjectEntity, @Context() ctx: RequestContext) {
    return this.projects.payments(ctx, project);
  }

  @ResolveField('paidFen')
  async paidFen(@Parent() project: ReconstructionProjectEntity, @Context() ctx: RequestContext) {
    return [...(await this.projects.paidPerContract(ctx, project)).values()].reduce((a, b) => a + b, 0n);
  }

  @ResolveField('settledFen')
  async settledFen(@Parent() project: ReconstructionProjectEntity, @Context() ctx: RequestContext) {
    if (project.status !== 'SETTLED') return null;
    const contracts = await this.projects.contracts(ctx, project);
    return contracts.reduce((sum, c) => sum + (c.settledAmountFen ?? 0n), 0n);
  }

  @ResolveReference()
  resolveReference(@Parent() reference: { id: string }, @Context() ctx: RequestContext) {
    return this.projects.projectReference(ctx, reference.id);
  }
}

@Resolver('ProjectContract')
export class ProjectContractResolver {
  @ResolveField('contractorOrganisation')
  contractorOrganisation(@Parent() contract: ProjectContractEntity) {
    return entityRef('Organisation', contract.contractorOrganisationId);
  }
}

@Resolver('ProjectPayment')
export class ProjectPaymentResolver {
  constructor(private readonly projects: ReconstructionProjectService) {}

  @ResolveField('contract')
  async contract(
    @Parent() payment: ProjectPaymentEntity,
    @Context() ctx: RequestContext,
  ): Promise<ContractView> {
    const project = { id: payment.projectId } as ReconstructionProjectEntity;
    const paid = await this.projects.paidPerContract(ctx, project);
    const contract = (await this.projects.contracts(ctx, project)).find((c) => c.id === payment.contractId)!;
    return { ...contract, paidFen: paid.get(contract.id) ?? 0n };
  }

  @ResolveField('netFen')
  netFen(@Parent() payment: ProjectPaymentEntity) {
    return payment.amountFen - payment.refundedFen;
  }

  @ResolveField('sources')
  sources(@Parent() payment: ProjectPaymentEntity, @Context() ctx: RequestContext) {
    return this.projects.sources(ctx, payment);
  }

  @ResolveField('refunds')
  refunds(@Parent() payment: ProjectPaymentEntity, @Context() ctx: RequestContext) {
    return this.projects.refunds(ctx, payment);
  }
}

/** `ReconstructionFund.projects`, kept with the projects. */
@Resolver('ReconstructionFund')
export class FundProjectsResolver {
  constructor(private readonly projects: ReconstructionProjectService) {}

  @ResolveField('projects')
  list(
    @Parent() fund: ReconstructionFundEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.projects.projects(ctx, fund, { first, after });
  }
}

@Resolver('FundAllocation')
export class AllocationProjectResolver {
  constructor(private readonly projects: ReconstructionProjectService) {}

  @ResolveField('project')
  project(@Parent() allocation: FundAllocationEntity, @Context() ctx: RequestContext) {
    return allocation.projectId ? this.projects.getProject(ctx, allocation.projectId) : null;
  }
}
