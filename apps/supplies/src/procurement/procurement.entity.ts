import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';
import { bigintColumn } from '@emergency/database';

@Entity('procurement')
export class ProcurementEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'allocation_id' })
  allocationId!: string;

  @Column('uuid', { name: 'fund_id' })
  fundId!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('uuid', { name: 'payer_organisation_id' })
  payerOrganisationId!: string;

  @Column('text', { name: 'supplier_name' })
  supplierName!: string;

  @Column('text', { name: 'item_description' })
  itemDescription!: string;

  @Column('integer')
  quantity!: number;

  @Column('bigint', { name: 'unit_price_fen', transformer: bigintColumn })
  unitPriceFen!: bigint;

  @Column('bigint', { name: 'amount_fen', transformer: bigintColumn })
  amountFen!: bigint;

  @CreateDateColumn({ name: 'recorded_at', type: 'timestamptz' })
  recordedAt!: Date;
}
