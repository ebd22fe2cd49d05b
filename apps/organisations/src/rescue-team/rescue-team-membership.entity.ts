import { Column, CreateDateColumn, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

export const RESCUE_TEAM_ROLES = ['CAPTAIN', 'DEPUTY_CAPTAIN', 'MEMBER'] as const;
export type RescueTeamRole = (typeof RESCUE_TEAM_ROLES)[number];

/** A person's period in a team; current while `leftOn` is null. */
@Entity('rescue_team_membership')
export class RescueTeamMembershipEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'team_id' })
  teamId!: string;

  @Column('uuid', { name: 'person_id' })
  personId!: string;

  @Column('text')
  role!: RescueTeamRole;

  /** Calendar date (YYYY-MM-DD) in China Standard Time. */
  @Column('date', { name: 'joined_on' })
  joinedOn!: string;

  @Column('date', { name: 'left_on', nullable: true })
  leftOn!: string | null;

  @Column('text', { name: 'left_reason', nullable: true })
  leftReason!: string | null;

  @CreateDateColumn({ name: 'created_at', type: 'timestamptz' })
  createdAt!: Date;

  @UpdateDateColumn({ name: 'updated_at', type: 'timestamptz' })
  updatedAt!: Date;
}
