import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { firstRowsOfEach, type Page, type TimeKey } from '@emergency/paging';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import { ContributionItemEntity } from './contribution-item.entity';
import { FundContributionEntity, type ContributionStatus } from './fund-contribution.entity';

const INSERT_CONTRIBUTION: PreparedStatement = {
  name: 'fund_contribution_insert_v2',
  text: `INSERT INTO fund_contribution
           (id, fund_id, kind, status, amount_fen, contributor_name, contributor_type, payer_organisation_id,
            fiscal_level, programme, form, valuation_basis, channel, receiving_organisation_id, directed_purpose,
            directed_organisation_id, paid_on, voucher_number, corrects_id)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19)
         RETURNING created_at`,
};

/** The row of a contribution a transition moves, locked until the transaction ends. */
const LOCK_CONTRIBUTION: PreparedStatement = {
  name: 'fund_contribution_lock',
  text: `SELECT status, drawn_fen::text AS drawn_fen, returned_fen::text AS returned_fen
         FROM fund_contribution WHERE id = $1 FOR UPDATE`,
};

export type NewContribution = Omit<FundContributionEntity, 'createdAt'>;
export type NewContributionItem = Omit<
  ContributionItemEntity,
  'contributionId' | 'position' | 'allocatedQuantity'
>;

/** A contribution's standing as read under its row lock. */
export interface LockedContribution {
  status: ContributionStatus;
  drawnFen: bigint;
  returnedFen: bigint;
}

/** What a transition changes on the row: its status, and the payment or the reason it brings. */
export interface ContributionMove {
  status: ContributionStatus;
  paidOn?: string;
  voucherNumber?: string;
  statusReason?: string;
}

/** The totals of a publication period: paid donations in cash and in kind. */
export interface PublicationTotals {
  count: number;
  cashFen: bigint;
  inKindFen: bigint;
}

/** Keyset of the publication list: payment day, then creation time and id. */
export interface PublicationKey {
  paidOn: string;
  at: string;
  id: string;
}

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

  /** The contributions that correct any of `correctedIds`, in one statement. */
  findCorrectionsOf(correctedIds: readonly string[]): Promise<FundContributionEntity[]> {
    return this.repo()
      .createQueryBuilder('c')
      .where('c.corrects_id = ANY(:ids::uuid[])', { ids: [...correctedIds] })
      .getMany();
  }

  /** The goods lines of all of `contributionIds`, in their order, in one statement. */
  goodsOf(contributionIds: readonly string[]): Promise<ContributionItemEntity[]> {
    return (this.dataSource.manager as EntityManager)
      .getRepository(ContributionItemEntity)
      .createQueryBuilder('i')
      .where('i.contribution_id = ANY(:ids::uuid[])', { ids: [...contributionIds] })
      .orderBy('i.contribution_id')
      .addOrderBy('i.position')
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

  private paidDonations(fundId: string, from: string, to: string) {
    return this.repo()
      .createQueryBuilder('c')
      .where('c.fund_id = :fundId', { fundId })
      .andWhere(`c.status = 'PAID' AND c.kind = 'DONATION'`)
      .andWhere('c.paid_on BETWEEN :from::date AND :to::date', { from, to });
  }

  /** Keyset page of a fund's donations paid from `from` to `to`, oldest payment first. */
  listPaidDonations(
    fundId: string,
    from: string,
    to: string,
    page: Page,
    after?: PublicationKey,
  ): Promise<FundContributionEntity[]> {
    const qb = this.paidDonations(fundId, from, to)
      .orderBy('c.paid_on', 'ASC')
      .addOrderBy('c.created_at', 'ASC')
      .addOrderBy('c.id', 'ASC')
      .limit(page.limit + 1);
    if (after) {
      qb.andWhere(
        '(c.paid_on, c.created_at, c.id) > (:afterOn::date, :afterAt::timestamptz, :afterId::uuid)',
        {
          afterOn: after.paidOn,
          afterAt: after.at,
          afterId: after.id,
        },
      );
    }
    return qb.getMany();
  }

  /** How many donations were paid from `from` to `to`, and their cash and in-kind totals. */
  async paidDonationTotals(fundId: string, from: string, to: string): Promise<PublicationTotals> {
    const row = (await this.paidDonations(fundId, from, to)
      .select('count(*)::int', 'count')
      .addSelect(`COALESCE(sum(c.amount_fen) FILTER (WHERE c.form = 'CASH'), 0)::text`, 'cash')
      .addSelect(`COALESCE(sum(c.amount_fen) FILTER (WHERE c.form = 'IN_KIND'), 0)::text`, 'in_kind')
      .getRawOne<{ count: number; cash: string; in_kind: string }>())!;
    return { count: row.count, cashFen: BigInt(row.cash), inKindFen: BigInt(row.in_kind) };
  }

  /** Inserts the contribution and its goods lines, the database giving only its creation time. */
  async insertContribution(
    manager: EntityManager,
    contribution: NewContribution,
    goods: readonly NewContributionItem[] = [],
  ): Promise<FundContributionEntity> {
    const c = contribution;
    const [row] = await preparedQuery<{ created_at: Date }>(manager, INSERT_CONTRIBUTION, [
      c.id,
      c.fundId,
      c.kind,
      c.status,
      c.amountFen.toString(),
      c.contributorName,
      c.contributorType,
      c.payerOrganisationId,
      c.fiscalLevel,
      c.programme,
      c.form,
      c.valuationBasis,
      c.channel,
      c.receivingOrganisationId,
      c.directedPurpose,
      c.directedOrganisationId,
      c.paidOn,
      c.voucherNumber,
      c.correctsId,
    ]);
    if (goods.length > 0) {
      await manager.query(
        `INSERT INTO contribution_item (contribution_id, position, description, unit, quantity, unit_value_fen)
         SELECT $1, g.position - 1, g.description, g.unit, g.quantity, g.unit_value_fen
         FROM unnest($2::text[], $3::text[], $4::int[], $5::bigint[]) WITH ORDINALITY
           AS g (description, unit, quantity, unit_value_fen, position)`,
        [
          c.id,
          goods.map((g) => g.description),
          goods.map((g) => g.unit),
          goods.map((g) => g.quantity),
          goods.map((g) => g.unitValueFen.toString()),
        ],
      );
    }
    return { ...contribution, createdAt: row.created_at };
  }

  /**
   * Locks the contribution's row until `manager`'s transaction ends (a concurrent transition, correction or
   * allocation drawing on it waits) and reads its standing; null when there is no such contribution.
   */
  async lockContribution(manager: EntityManager, id: string): Promise<LockedContribution | null> {
    const [row] = await preparedQuery<{
      status: ContributionStatus;
      drawn_fen: string;
      returned_fen: string;
    }>(manager, LOCK_CONTRIBUTION, [id]);
    return row
      ? { status: row.status, drawnFen: BigInt(row.drawn_fen), returnedFen: BigInt(row.returned_fen) }
      : null;
  }

  /** Moves the (locked) contribution to its new status, with the payment or reason the move brings. */
  async moveContribution(manager: EntityManager, id: string, move: ContributionMove): Promise<void> {
    await manager.query(
      `UPDATE fund_contribution
       SET status = $2, paid_on = COALESCE($3::date, paid_on), voucher_number = COALESCE($4, voucher_number),
           status_reason = $5
       WHERE id = $1`,
      [id, move.status, move.paidOn ?? null, move.voucherNumber ?? null, move.statusReason ?? null],
    );
  }
}
