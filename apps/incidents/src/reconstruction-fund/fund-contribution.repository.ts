import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import { FundContributionEntity } from './fund-contribution.entity';

const INSERT_CONTRIBUTION: PreparedStatement = {
  name: 'fund_contribution_insert',
  text: `INSERT INTO fund_contribution
           (id, fund_id, kind, status, amount_fen, contributor_name, payer_organisation_id, paid_on)
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $4 = 'PAID' THEN current_date END) RETURNING created_at`,
};

@Injectable()
export class FundContributionRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(FundContributionEntity);
  }

  findContributionsByIds(ids: readonly string[]): Promise<FundContributionEntity[]> {
    return this.repo()
      .createQueryBuilder('c')
      .where('c.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** Keyset page of a fund's contributions, oldest first. */
  listContributions(fundId: string, page: Page, after?: TimeKey): Promise<FundContributionEntity[]> {
    const qb = this.contributionsOf([fundId]).limit(page.limit + 1);
    if (after) {
      qb.andWhere('(c.created_at, c.id) > (:afterAt::timestamptz, :afterId::uuid)', {
        afterAt: after.at.toISOString(),
        afterId: after.id,
      });
    }
    return qb.getMany();
  }

  /** The oldest `limit` contributions of each of `fundIds`, oldest first, in one statement. */
  firstContributions(fundIds: readonly string[], limit: number): Promise<FundContributionEntity[]> {
    return firstRowsOfEach(this.contributionsOf(fundIds), 'c.fund_id', limit).getMany();
  }

  private contributionsOf(fundIds: readonly string[]) {
    return this.repo()
      .createQueryBuilder('c')
      .where('c.fund_id = ANY(:fundIds::uuid[])', { fundIds: [...fundIds] })
      .orderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC');
  }

  /** Inserts the contribution in one statement, the database giving only its creation time. */
  async insertContribution(
    manager: EntityManager,
    contribution: Omit<FundContributionEntity, 'createdAt'>,
  ): Promise<FundContributionEntity> {
    const [row] = await preparedQuery<{ created_at: Date }>(manager, INSERT_CONTRIBUTION, [
      contribution.id,
      contribution.fundId,
      contribution.kind,
      contribution.status,
      contribution.amountFen.toString(),
      contribution.contributorName,
      contribution.payerOrganisationId,
    ]);
    return { ...contribution, createdAt: row.created_at };
  }
}
