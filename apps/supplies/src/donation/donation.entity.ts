import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

/** How goods in kind reach supplies: an allocation of goods in kind, or an in-kind contribution received directly. */
export const DONATION_KINDS = ['ALLOCATION', 'CONTRIBUTION'] as const;
export type DonationKind = (typeof DONATION_KINDS)[number];

/**
 * Goods given in kind, as supplies learned them from the incidents topic: an allocation of goods in kind (its id is
 * the allocation's) or an in-kind contribution (its id is the contribution's), with who received them and, for a
 * contribution, the donor and the donor's direction.
 */
@Entity('known_donation')
export class KnownDonationEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('text')
  kind!: DonationKind;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  /** Who receives the goods: the allocation's recipient, or the contribution's receiving organisation. */
  @Column('uuid', { name: 'organisation_id', nullable: true })
  organisationId!: string | null;

  /** The contribution the goods are: the contribution itself, or the first an allocation drew on. */
  @Column('uuid', { name: 'contribution_id' })
  contributionId!: string;

  /** A contribution is received once paid; an allocation draws only on paid contributions. */
  @Column('boolean')
  paid!: boolean;

  @Column('text', { name: 'contributor_type', nullable: true })
  contributorType!: string | null;

  @Column('text', { nullable: true })
  channel!: string | null;

  /** As the incidents service published it: a natural person's name masked. */
  @Column('text', { name: 'donor_name', nullable: true })
  donorName!: string | null;

  @Column('uuid', { name: 'donor_organisation_id', nullable: true })
  donorOrganisationId!: string | null;

  @Column('text', { name: 'directed_purpose', nullable: true })
  directedPurpose!: string | null;

  @Column('uuid', { name: 'directed_organisation_id', nullable: true })
  directedOrganisationId!: string | null;

  @Column('text')
  description!: string;

  @Column('text', { name: 'valuation_basis', nullable: true })
  valuationBasis!: string | null;

  @Column('uuid', { name: 'source_event_id' })
  sourceEventId!: string;

  @Column('timestamptz', { name: 'learned_at' })
  learnedAt!: Date;
}

/** One goods line of a donation, as its money block stated it, with what of it was received into stock. */
@Entity('known_donation_line')
export class KnownDonationLineEntity {
  @PrimaryColumn('uuid', { name: 'donation_id' })
  donationId!: string;

  /** The line's index in the money block's goods. */
  @PrimaryColumn('integer')
  position!: number;

  @Column('text')
  description!: string;

  @Column('text')
  unit!: string;

  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'unit_value_fen', transformer: bigintColumn })
  unitValueFen!: bigint;

  @Column('integer', { name: 'received_quantity' })
  receivedQuantity!: number;
}

/** Donated goods received into stock at one reserve point on one day. */
@Entity('donation_receipt')
export class DonationReceiptEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'donation_id' })
  donationId!: string;

  @Column('uuid', { name: 'reserve_point_id' })
  reservePointId!: string;

  @Column('date', { name: 'received_on' })
  receivedOn!: string;

  @Column('text')
  actor!: string;

  @Column('timestamptz', { name: 'recorded_at' })
  recordedAt!: Date;
}

/** One line of a receipt: the goods line received and the DONATION lot it made. */
@Entity('donation_receipt_line')
export class DonationReceiptLineEntity {
  @PrimaryColumn('uuid', { name: 'receipt_id' })
  receiptId!: string;

  @PrimaryColumn('integer')
  position!: number;

  @Column('integer', { name: 'goods_line' })
  goodsLine!: number;

  @Column('uuid', { name: 'lot_id' })
  lotId!: string;

  @Column('integer')
  quantity!: number;
}
