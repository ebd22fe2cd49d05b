import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import { ReconstructionFundEntity } from './reconstruction-fund.entity';

export interface FundTotals {
  fundId: string;
  /** Open promises: PLEDGED and COMMITTED contributions. */
  pledgedFen: bigint;
  /** PAID contributions less what was given back to their contributors, cash and in kind. */
  raisedFen: bigint;
  raisedCashFen: bigint;
  raisedInKindFen: bigint;
  /** Allocations less what they returned, cash and in kind. */
  allocatedFen: bigint;
  allocatedCashFen: bigint;
}

/** A fund with nothing in it. */
export const NO_TOTALS = (fundId: string): FundTotals => ({
  fundId,
  pledgedFen: 0n,
  raisedFen: 0n,
  raisedCashFen: 0n,
  raisedInKindFen: 0n,
  allocatedFen: 0n,
  allocatedCashFen: 0n,
});

// Prepared: every contribution and allocation runs them.
const FUND_WITH_INCIDENT_REGION: PreparedStatement = {
  name: 'reconstruction_fund_with_incident_region',
  text: `SELECT f.id, f.incident_id, f.name, f.managing_organisation_id, f.created_at, i.region_code
         FROM reconstruction_fund f JOIN incident i ON i.id = f.incident_id
         WHERE f.id = $1`,
};
const LOCK_FOR_ALLOCATION: PreparedStatement = {
  name: 'reconstruction_fund_lock_for_allocation',
  text: `SELECT 1 FROM reconstruction_fund WHERE id = $1 FOR NO KEY UPDATE`,
};

@Injectable()
export class ReconstructionFundRepository {
  constructor(private readonly dataSource: DataSource) {}

  private repo(manager?: EntityManager) {
    return (manager ?? this.dataSource.manager).getRepository(ReconstructionFundEntity);
  }

  findFundsByIds(ids: readonly string[]): Promise<ReconstructionFundEntity[]> {
    return this.repo()
      .createQueryBuilder('f')
      .where('f.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /**
   * The fund `id` with the region of its incident (which decides who sees the fund), in one statement; null when
   * there is no such fund.
   */
  async findFundWithIncidentRegion(
    id: string,
  ): Promise<{ fund: ReconstructionFundEntity; incidentRegionCode: string } | null> {
    const [row] = await preparedQuery<{
      id: string;
      incident_id: string;
      name: string;
      managing_organisation_id: string;
      created_at: Date;
      region_code: string;
    }>(this.dataSource.manager, FUND_WITH_INCIDENT_REGION, [id]);
    if (!row) return null;
    return {
      fund: {
        id: row.id,
        incidentId: row.incident_id,
        name: row.name,
        managingOrganisationId: row.managing_organisation_id,
        createdAt: row.created_at,
      },
      incidentRegionCode: row.region_code,
    };
  }

  /** The funds of all of `incidentIds`, oldest first, in one statement. */
  findFundsByIncidentIds(incidentIds: readonly string[]): Promise<ReconstructionFundEntity[]> {
    return this.repo()
      .createQueryBuilder('f')
      .where('f.incident_id = ANY(:ids::uuid[])', { ids: [...incidentIds] })
      .orderBy('f.created_at', 'ASC')
      .addOrderBy('f.id', 'ASC')
      .getMany();
  }

  /**
   * Takes the fund's allocation lock, held until `manager`'s transaction ends; false when there is no such fund.
   * `FOR NO KEY UPDATE` conflicts with itself, so the allocations of one fund run one after the other, but not with
   * the key-share lock a contribution's foreign key takes: recording a contribution never waits for it.
   */
  async lockForAllocation(manager: EntityManager, id: string): Promise<boolean> {
    return (await preparedQuery(manager, LOCK_FOR_ALLOCATION, [id])).length > 0;
  }

  insertFund(manager: EntityManager, fund: Omit<ReconstructionFundEntity, 'createdAt'>) {
    const repo = this.repo(manager);
    return repo.save(repo.create(fund));
  }

  /**
   * The money totals of all of `fundIds`, in one statement: open promises (PLEDGED and COMMITTED), raised (PAID
   * less what went back to contributors; cash and in kind apart) and allocated (less what allocations returned).
   */
  async totals(fundIds: readonly string[]): Promise<FundTotals[]> {
    const rows = (await this.dataSource.query(
      `SELECT f.id AS fund_id,
              COALESCE(c.pledged, 0)::text AS pledged_fen,
              COALESCE(c.raised_cash, 0)::text AS raised_cash_fen,
              COALESCE(c.raised_in_kind, 0)::text AS raised_in_kind_fen,
              COALESCE(a.allocated, 0)::text AS allocated_fen,
              COALESCE(a.allocated_cash, 0)::text AS allocated_cash_fen
       FROM unnest($1::uuid[]) AS f (id)
       LEFT JOIN (
         SELECT fund_id,
                sum(amount_fen) FILTER (WHERE status IN ('PLEDGED', 'COMMITTED')) AS pledged,
                sum(amount_fen - returned_fen) FILTER (WHERE status = 'PAID' AND form = 'CASH') AS raised_cash,
                sum(amount_fen - returned_fen) FILTER (WHERE status = 'PAID' AND form = 'IN_KIND') AS raised_in_kind
         FROM fund_contribution WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id
       ) c ON c.fund_id = f.id
       LEFT JOIN (
         SELECT fund_id,
                sum(amount_fen - returned_fen) AS allocated,
                sum(amount_fen - returned_fen) FILTER (WHERE form = 'CASH') AS allocated_cash
         FROM fund_allocation WHERE fund_id = ANY($1::uuid[]) GROUP BY fund_id
       ) a ON a.fund_id = f.id`,
      [[...fundIds]],
    )) as {
      fund_id: string;
      pledged_fen: string;
      raised_cash_fen: string;
      raised_in_kind_fen: string;
      allocated_fen: string;
      allocated_cash_fen: string;
    }[];
    return rows.map((row) => {
      const raisedCashFen = BigInt(row.raised_cash_fen);
      const raisedInKindFen = BigInt(row.raised_in_kind_fen);
      return {
        fundId: row.fund_id,
        pledgedFen: BigInt(row.pledged_fen),
        raisedFen: raisedCashFen + raisedInKindFen,
        raisedCashFen,
        raisedInKindFen,
        allocatedFen: BigInt(row.allocated_fen),
        allocatedCashFen: BigInt(row.allocated_cash_fen),
      };
    });
  }
}
