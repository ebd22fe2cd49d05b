import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { ProjectContractEntity } from './project-contract.entity';
import {
  ProjectPaymentEntity,
  ProjectPaymentOriginEntity,
  ProjectRefundEntity,
} from './project-payment.entity';
import { ProjectProgressEntity } from './project-progress.entity';
import { ReconstructionProjectEntity } from './reconstruction-project.entity';

/** What has been paid on each contract net of refunds. */
export interface ContractPaid {
  contractId: string;
  paidFen: bigint;
}

@Injectable()
export class ReconstructionProjectRepository {
  constructor(private readonly dataSource: DataSource) {}

  private manager(manager?: EntityManager) {
    return manager ?? this.dataSource.manager;
  }

  // Reads, batched over the request's ids.

  findProjectsByIds(ids: readonly string[]): Promise<ReconstructionProjectEntity[]> {
    return this.dataSource
      .getRepository(ReconstructionProjectEntity)
      .createQueryBuilder('p')
      .where('p.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  private projectsOf(fundIds: readonly string[]) {
    return this.dataSource
      .getRepository(ReconstructionProjectEntity)
      .createQueryBuilder('p')
      .where('p.fund_id = ANY(:fundIds::uuid[])', { fundIds: [...fundIds] })
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC');
  }

  /** Keyset page of a fund's projects, oldest first. */
  listProjects(fundId: string, page: Page, after?: TimeKey): Promise<ReconstructionProjectEntity[]> {
    const qb = this.projectsOf([fundId]).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(p.created_at, p.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  firstProjects(fundIds: readonly string[], limit: number): Promise<ReconstructionProjectEntity[]> {
    return firstRowsOfEach(this.projectsOf(fundIds), 'p.fund_id', limit).getMany();
  }

  contractsOf(projectIds: readonly string[], manager?: EntityManager): Promise<ProjectContractEntity[]> {
    return this.manager(manager)
      .getRepository(ProjectContractEntity)
      .createQueryBuilder('c')
      .where('c.project_id = ANY(:ids::uuid[])', { ids: [...projectIds] })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .getMany();
  }

  findContract(id: string): Promise<ProjectContractEntity | null> {
    return this.dataSource.getRepository(ProjectContractEntity).findOneBy({ id });
  }

  progressOf(projectIds: readonly string[]): Promise<ProjectProgressEntity[]> {
    return this.dataSource
      .getRepository(ProjectProgressEntity)
      .createQueryBuilder('r')
      .where('r.project_id = ANY(:ids::uuid[])', { ids: [...projectIds] })
      .orderBy('r.position', 'ASC')
      .getMany();
  }

  paymentsOf(projectIds: readonly string[], manager?: EntityManager): Promise<ProjectPaymentEntity[]> {
    return this.manager(manager)
      .getRepository(ProjectPaymentEntity)
      .createQueryBuilder('p')
      .where('p.project_id = ANY(:ids::uuid[])', { ids: [...projectIds] })
      .orderBy('p.created_at', 'ASC')
      .addOrderBy('p.id', 'ASC')
      .getMany();
  }

  findPayment(id: string, manager?: EntityManager): Promise<ProjectPaymentEntity | null> {
    return this.manager(manager).getRepository(ProjectPaymentEntity).findOneBy({ id });
  }

  originsOf(paymentIds: readonly string[], manager?: EntityManager): Promise<ProjectPaymentOriginEntity[]> {
    return this.manager(manager)
      .getRepository(ProjectPaymentOriginEntity)
      .createQueryBuilder('o')
      .where('o.payment_id = ANY(:ids::uuid[])', { ids: [...paymentIds] })
      .orderBy('o.payment_id')
      .addOrderBy('o.position', 'ASC')
      .getMany();
  }

  refundsOf(paymentIds: readonly string[]): Promise<ProjectRefundEntity[]> {
    return this.dataSource
      .getRepository(ProjectRefundEntity)
      .createQueryBuilder('r')
      .where('r.payment_id = ANY(:ids::uuid[])', { ids: [...paymentIds] })
      .orderBy('r.created_at', 'ASC')
      .addOrderBy('r.id', 'ASC')
      .getMany();
  }

  /** Net paid per contract of `projectIds` (contracts with nothing paid are left out). */
  async paidPerContract(projectIds: readonly string[], manager?: EntityManager): Promise<ContractPaid[]> {
    const rows = (await this.manager(manager).query(
      `SELECT contract_id, sum(amount_fen - refunded_fen)::text AS paid_fen
       FROM project_payment WHERE project_id = ANY($1::uuid[]) GROUP BY contract_id`,
      [[...projectIds]],
    )) as { contract_id: string; paid_fen: string }[];
    return rows.map((r) => ({ contractId: r.contract_id, paidFen: BigInt(r.paid_fen) }));
  }

  // Writes, in the caller's transaction.

  /**
   * The project, locked until the transaction ends: its status changes, payments and refunds run one after the
   * other. FOR NO KEY UPDATE, so allocations made to it (which refer to it) do not wait.
   */
  lockProject(manager: EntityManager, id: string): Promise<ReconstructionProjectEntity | null> {
    return manager
      .getRepository(ReconstructionProjectEntity)
      .createQueryBuilder('p')
      .setLock('for_no_key_update')
      .where('p.id = :id', { id })
      .getOne();
  }

  async insert<T extends object>(manager: EntityManager, entity: new () => T, row: Partial<T>): Promise<T> {
    const repository = manager.getRepository(entity);
    return repository.save(repository.create(row as T));
  }

  /** How many progress reports the project has: the next one's position. */
  async progressCount(manager: EntityManager, projectId: string): Promise<number> {
    return manager.getRepository(ProjectProgressEntity).countBy({ projectId });
  }

  async insertOrigins(
    manager: EntityManager,
    paymentId: string,
    origins: readonly Omit<ProjectPaymentOriginEntity, 'paymentId'>[],
  ): Promise<void> {
    await manager.getRepository(ProjectPaymentOriginEntity).insert(origins.map((o) => ({ ...o, paymentId })));
  }

  /** Records what a refund gives back of each stretch of the payment, and of the payment. */
  async addRefunded(
    manager: EntityManager,
    paymentId: string,
    back: readonly { position: number; amountFen: bigint }[],
  ): Promise<void> {
    for (const b of back) {
      await manager.increment(
        ProjectPaymentOriginEntity,
        { paymentId, position: b.position },
        'refundedFen',
        b.amountFen.toString(),
      );
    }
    const total = back.reduce((sum, b) => sum + b.amountFen, 0n);
    await manager.increment(ProjectPaymentEntity, { id: paymentId }, 'refundedFen', total.toString());
  }

  async settleContracts(
    manager: EntityManager,
    settled: readonly { contractId: string; settledAmountFen: bigint }[],
  ): Promise<void> {
    for (const s of settled) {
      await manager.update(
        ProjectContractEntity,
        { id: s.contractId },
        { settledAmountFen: s.settledAmountFen },
      );
    }
  }

  async update(manager: EntityManager, id: string, changes: Partial<ReconstructionProjectEntity>) {
    await manager.getRepository(ReconstructionProjectEntity).update({ id }, changes);
  }
}
