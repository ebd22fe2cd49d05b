import { Column, CreateDateColumn, Entity, PrimaryColumn } from 'typeorm';

@Entity('reconstruction_fund')
export class ReconstructionFundEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'incident_id' })
  incidentId!: string;

  @Column('text')
  name!: string;

  /** An organisation of the organisations subgraph. */
  @Column('uuid', { name: 'managing_organisation_id' })
  managingOrganisationId!: string;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;
}
