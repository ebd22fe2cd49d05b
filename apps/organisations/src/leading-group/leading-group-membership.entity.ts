import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Roles in a group, in the order the group lists them. */
export const LEADING_GROUP_ROLES = ['LEADER', 'DEPUTY_LEADER', 'OFFICE_DIRECTOR', 'MEMBER'] as const;
export type LeadingGroupRole = (typeof LEADING_GROUP_ROLES)[number];

/**
 * A person's term in one role of a leading group. Current while `endedAt` is null; an ended term is kept as
 * history and never reopened (a reappointment is a new term).
 */
@Entity('leading_group_membership')
export class LeadingGroupMembershipEntity {
  @PrimaryColumn('uuid')
  id!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('uuid', { name: 'person_id' })
  personId!: string;

  @Column('text')
  role!: LeadingGroupRole;

  /** The post the person holds the role by (e.g. 市长 for the leader of a city's group). */
  @Column('text', { nullable: true })
  post!: string | null;

  @Column('timestamptz', { name: 'appointed_at' })
  appointedAt!: Date;

  @Column('timestamptz', { name: 'ended_at', nullable: true })
  endedAt!: Date | null;

  @Column('text', { name: 'end_reason', nullable: true })
  endReason!: string | null;
}
