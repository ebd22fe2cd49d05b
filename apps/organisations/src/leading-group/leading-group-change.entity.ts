import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import type { LeadingGroupRole } from './leading-group-membership.entity';

export const LEADING_GROUP_CHANGE_KINDS = [
  'ESTABLISHED',
  'MEMBER_APPOINTED',
  'ROLE_CHANGED',
  'MEMBER_REMOVED',
  'LEADER_REPLACED',
  'DETAILS_CHANGED',
] as const;
export type LeadingGroupChangeKind = (typeof LEADING_GROUP_CHANGE_KINDS)[number];

/**
 * One entry of a group's change log; the table is append-only (a trigger refuses UPDATE, DELETE and
 * TRUNCATE). `seq` orders a group's entries the way they happened: every change to a group is written under
 * its row lock.
 */
@Entity('leading_group_change')
export class LeadingGroupChangeEntity {
  /** A bigint, which the pg driver reads as a string. */
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq!: string;

  @Column('uuid', { name: 'group_id' })
  groupId!: string;

  @Column('text')
  kind!: LeadingGroupChangeKind;

  @Column('timestamptz')
  at!: Date;

  /** The member the change concerns; null for DETAILS_CHANGED. */
  @Column('uuid', { name: 'person_id', nullable: true })
  personId!: string | null;

  @Column('text', { nullable: true })
  role!: LeadingGroupRole | null;

  @Column('text', { nullable: true })
  post!: string | null;

  /** The person's role in the group before a ROLE_CHANGED (or a promotion that replaced the leader). */
  @Column('text', { name: 'previous_role', nullable: true })
  previousRole!: LeadingGroupRole | null;

  /** Whose term the change ended: the previous leader or office director. */
  @Column('uuid', { name: 'replaced_person_id', nullable: true })
  replacedPersonId!: string | null;

  /** The acting user's subject (from the caller's identity). */
  @Column('text', { name: 'actor_subject' })
  actorSubject!: string;

  /** The appointment note, the removal reason, or the fields a DETAILS_CHANGED touched. */
  @Column('text', { nullable: true })
  note!: string | null;
}
