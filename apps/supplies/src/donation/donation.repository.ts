import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { StockLotEntity } from '../stock/stock.entity';
import {
  DonationReceiptEntity,
  DonationReceiptLineEntity,
  KnownDonationEntity,
  KnownDonationLineEntity,
} from './donation.entity';

/** A donation as the projector learns it. */
export type LearnedDonation = Omit<KnownDonationEntity, 'learnedAt'>;

/** A goods line as the projector learns it. */
export type LearnedLine = Omit<KnownDonationLineEntity, 'donationId' | 'receivedQuantity'>;

@Injectable()
export class DonationRepository {
  constructor(private readonly dataSource: DataSource) {}

  /** Remembers a donation and its lines once: a repeat changes nothing. */
  async remember(manager: EntityManager, donation: LearnedDonation, lines: readonly LearnedLine[]) {
    const inserted = (await manager.query(
      `INSERT INTO known_donation (id, kind, fund_id, incident_id, organisation_id, contribution_id, paid,
         contributor_type, channel, donor_name, donor_organisation_id, directed_purpose, directed_organisation_id,
         description, valuation_basis, source_event_id)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16)
       ON CONFLICT (id) DO NOTHING RETURNING id`,
      [
        donation.id,
        donation.kind,
        donation.fundId,
        donation.incidentId,
        donation.organisationId,
        donation.contributionId,
        donation.paid,
        donation.contributorType,
        donation.channel,
        donation.donorName,
        donation.donorOrganisationId,
        donation.directedPurpose,
        donation.directedOrganisationId,
        donation.description,
        donation.valuationBasis,
        donation.sourceEventId,
      ],
    )) as unknown[];
    if (inserted.length === 0) return;
    await manager
      .getRepository(KnownDonationLineEntity)
      .insert(lines.map((l) => ({ ...l, donationId: donation.id, receivedQuantity: 0 })));
  }

  /** Marks an in-kind contribution paid. */
  async markPaid(manager: EntityManager, contributionId: string): Promise<void> {
    await manager.query(`UPDATE known_donation SET paid = true WHERE id = $1 AND kind = 'CONTRIBUTION'`, [
      contributionId,
    ]);
  }

  findByIds(ids: readonly string[]): Promise<KnownDonationEntity[]> {
    return this.dataSource
      .getRepository(KnownDonationEntity)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .getMany();
  }

  /** The in-kind contributions (their donors and directions) among `ids`. */
  contributionsByIds(ids: readonly string[]): Promise<KnownDonationEntity[]> {
    return this.dataSource
      .getRepository(KnownDonationEntity)
      .createQueryBuilder('d')
      .where('d.id = ANY(:ids::uuid[])', { ids: [...ids] })
      .andWhere(`d.kind = 'CONTRIBUTION'`)
      .getMany();
  }

  /** The donation row, locked until `manager`'s transaction ends: receipts of one donation run in turn. */
  lock(manager: EntityManager, id: string): Promise<KnownDonationEntity | null> {
    return manager
      .getRepository(KnownDonationEntity)
      .createQueryBuilder('d')
      .setLock('pessimistic_write')
      .where('d.id = :id', { id })
      .getOne();
  }

  linesOf(donationIds: readonly string[], manager?: EntityManager): Promise<KnownDonationLineEntity[]> {
    return (manager ?? this.dataSource.manager)
      .getRepository(KnownDonationLineEntity)
      .createQueryBuilder('l')
      .where('l.donation_id = ANY(:ids::uuid[])', { ids: [...donationIds] })
      .orderBy('l.donation_id')
      .addOrderBy('l.position')
      .getMany();
  }

  /**
   * For an in-kind contribution's lines, how much of each the allocations of goods in kind drawing on it passed on
   * (matched by description and unit, as the incidents service copies them): received by those allocations'
   * recipients, never by the contribution's receiving organisation.
   */
  async allocatedOnward(
    contributionIds: readonly string[],
    manager?: EntityManager,
  ): Promise<{ contributionId: string; description: string; unit: string; quantity: number }[]> {
    const rows = (await (manager ?? this.dataSource.manager).query(
      `SELECT d.contribution_id, l.description, l.unit, sum(l.quantity)::int AS quantity
       FROM known_donation d JOIN known_donation_line l ON l.donation_id = d.id
       WHERE d.kind = 'ALLOCATION' AND d.contribution_id = ANY($1::uuid[])
       GROUP BY d.contribution_id, l.description, l.unit`,
      [[...contributionIds]],
    )) as { contribution_id: string; description: string; unit: string; quantity: number }[];
    return rows.map((r) => ({
      contributionId: r.contribution_id,
      description: r.description,
      unit: r.unit,
      quantity: r.quantity,
    }));
  }

  /** Who owns a reserve point. */
  async pointOwner(manager: EntityManager, reservePointId: string): Promise<string | null> {
    const rows = (await manager.query(`SELECT owner_organisation_id FROM reserve_point WHERE id = $1`, [
      reservePointId,
    ])) as { owner_organisation_id: string }[];
    return rows[0]?.owner_organisation_id ?? null;
  }

  async insertReceipt(
    manager: EntityManager,
    receipt: DonationReceiptEntity,
    lines: readonly DonationReceiptLineEntity[],
  ): Promise<void> {
    await manager.getRepository(DonationReceiptEntity).insert(receipt);
    await manager.getRepository(DonationReceiptLineEntity).insert([...lines]);
  }

  async addReceived(manager: EntityManager, donationId: string, position: number, quantity: number) {
    await manager.query(
      `UPDATE known_donation_line SET received_quantity = received_quantity + $3
       WHERE donation_id = $1 AND position = $2`,
      [donationId, position, quantity],
    );
  }

  /** The receipts of donations, oldest first. */
  receiptsOf(donationIds: readonly string[]): Promise<DonationReceiptEntity[]> {
    return this.dataSource
      .getRepository(DonationReceiptEntity)
      .createQueryBuilder('r')
      .where('r.donation_id = ANY(:ids::uuid[])', { ids: [...donationIds] })
      .orderBy('r.recorded_at')
      .addOrderBy('r.id')
      .getMany();
  }

  receiptLinesOf(receiptIds: readonly string[]): Promise<DonationReceiptLineEntity[]> {
    return this.dataSource
      .getRepository(DonationReceiptLineEntity)
      .createQueryBuilder('l')
      .where('l.receipt_id = ANY(:ids::uuid[])', { ids: [...receiptIds] })
      .orderBy('l.receipt_id')
      .addOrderBy('l.position')
      .getMany();
  }

  /** The DONATION lots the donations' receipts made, each with its donation, oldest first. */
  async lotsOf(donationIds: readonly string[]): Promise<{ donationId: string; lot: StockLotEntity }[]> {
    const rows = (await this.dataSource.query(
      `SELECT r.donation_id, rl.lot_id FROM donation_receipt r
       JOIN donation_receipt_line rl ON rl.receipt_id = r.id
       WHERE r.donation_id = ANY($1::uuid[]) ORDER BY r.recorded_at, r.id, rl.position`,
      [[...donationIds]],
    )) as { donation_id: string; lot_id: string }[];
    if (rows.length === 0) return [];
    const lots = await this.dataSource
      .getRepository(StockLotEntity)
      .createQueryBuilder('l')
      .where('l.id = ANY(:ids::uuid[])', { ids: rows.map((r) => r.lot_id) })
      .getMany();
    const byId = new Map(lots.map((l) => [l.id, l]));
    return rows.map((r) => ({ donationId: r.donation_id, lot: byId.get(r.lot_id)! }));
  }
}
