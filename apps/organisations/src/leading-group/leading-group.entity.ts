import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** What a group leads: the general emergency committee or a headquarters for one kind of disaster. */
export const LEADING_GROUP_KINDS = [
  'GENERAL_EMERGENCY',
  'FLOOD_CONTROL_AND_DROUGHT_RELIEF',
  'FOREST_FIRE_PREVENTION',
  'SAFETY_PRODUCTION',
  'EARTHQUAKE_RELIEF',
  'DISASTER_REDUCTION',
  'OTHER',
] as const;
export type LeadingGroupKind = (typeof LEADING_GROUP_KINDS)[number];

/** An emergency leading group (应急管理领导小组) or headquarters (指挥部) of an organisation. */
@Entity('leading_group')
export class LeadingGroupEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'organisation_id' })
  organisationId!: string;

  /**
   * The organisation's region, kept on the row so jurisdiction filters need no join (regions never change).
   */
  @Column('text', { name: 'region_code' })
  regionCode!: string;

  @Column('text')
  name!: string;

  @Column('text')
  kind!: LeadingGroupKind;

  @Column('text', { nullable: true })
  purpose!: string | null;

  @Column('timestamptz', { name: 'established_at' })
  establishedAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
