import type { LeadingGroupChangeKind } from './leading-group-change.entity';
import type { LeadingGroupRole } from './leading-group-membership.entity';
import { LeadingGroupErrorCode, LeadingGroupException } from './leading-group.exception';

/** What the rules need to know of a current membership. */
export interface CurrentMembership {
  personId: string;
  role: LeadingGroupRole;
}

/**
 * Roles one person holds at a time in a group: the leader (组长), who answers for the group, and the director
 * of its office (办公室主任), which runs the group's day-to-day work. Appointing someone else ends the holder's
 * term.
 */
export const SINGLE_HOLDER_ROLES: readonly LeadingGroupRole[] = ['LEADER', 'OFFICE_DIRECTOR'];

export interface AppointmentPlan<M extends CurrentMembership> {
  kind: Extract<LeadingGroupChangeKind, 'MEMBER_APPOINTED' | 'ROLE_CHANGED' | 'LEADER_REPLACED'>;
  /** The person's own current membership, ended because they now hold another role. */
  own: M | null;
  /** Another person's membership ended because the role holds one person only. */
  replaced: M | null;
}

/**
 * How appointing `personId` to `role` changes a group whose current memberships are `current`: a person holds
 * one role at a time, the leader and the office director are one person each, and the group never goes
 * without its leader (the leader moves to another role only by a successor's appointment).
 */
export function planAppointment<M extends CurrentMembership>(
  current: readonly M[],
  personId: string,
  role: LeadingGroupRole,
): AppointmentPlan<M> {
  const own = current.find((m) => m.personId === personId) ?? null;
  if (own?.role === role) {
    throw new LeadingGroupException(LeadingGroupErrorCode.AlreadyInRole, `the person already is ${role}`, {
      field: 'role',
    });
  }
  if (own?.role === 'LEADER') {
    throw new LeadingGroupException(
      LeadingGroupErrorCode.LeaderRequired,
      'the leader keeps the role until a successor is appointed LEADER; appoint the successor first',
      { field: 'role' },
    );
  }
  const replaced = SINGLE_HOLDER_ROLES.includes(role)
    ? (current.find((m) => m.role === role && m.personId !== personId) ?? null)
    : null;
  const kind = role === 'LEADER' && replaced ? 'LEADER_REPLACED' : own ? 'ROLE_CHANGED' : 'MEMBER_APPOINTED';
  return { kind, own, replaced };
}

/**
 * The membership removing `personId` ends; refused for non-members and for the leader, who needs a successor.
 */
export function planRemoval<M extends CurrentMembership>(current: readonly M[], personId: string): M {
  const own = current.find((m) => m.personId === personId);
  if (!own) {
    throw new LeadingGroupException(LeadingGroupErrorCode.NotAMember, 'the person is not a current member', {
      field: 'personId',
    });
  }
  if (own.role === 'LEADER') {
    throw new LeadingGroupException(
      LeadingGroupErrorCode.LeaderRequired,
      'a leading group always has a leader: appoint the successor as LEADER instead, which ends this term',
      { field: 'personId' },
    );
  }
  return own;
}

/** A current membership of a person who is leaving their organisation, with the group it is in. */
export interface HeldMembership {
  group: { id: string; name: string };
  membership: CurrentMembership;
}

/**
 * The memberships a person's departure from their organisation ends: every one they hold, as removals. Refused
 * while they lead a group, which would be left without its leader (the same rule as {@link planRemoval}): a
 * successor must be appointed LEADER before the departure is recorded.
 */
export function planDeparture<H extends HeldMembership>(
  personName: string,
  held: readonly H[],
): readonly H[] {
  const led = held.filter((h) => h.membership.role === 'LEADER').map((h) => h.group);
  if (led.length > 0) {
    throw new LeadingGroupException(
      LeadingGroupErrorCode.LeaderRequired,
      `${personName} leads ${led.map((g) => g.name).join(', ')}; appoint a successor as LEADER first, then ` +
        'record the departure',
      { field: 'status', leadingGroupIds: led.map((g) => g.id), leadingGroupNames: led.map((g) => g.name) },
    );
  }
  return held;
}
