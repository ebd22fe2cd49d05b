import fc from 'fast-check';
import { LEADING_GROUP_ROLES, type LeadingGroupRole } from './leading-group-membership.entity';
import { planAppointment, planDeparture, planRemoval, type CurrentMembership } from './leading-group-rules';

const m = (personId: string, role: LeadingGroupRole): CurrentMembership => ({ personId, role });

/** A group as established: the leader, a deputy, an office director and a member. */
const group = () => [
  m('mayor', 'LEADER'),
  m('vice', 'DEPUTY_LEADER'),
  m('bureau', 'OFFICE_DIRECTOR'),
  m('police', 'MEMBER'),
];

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return (error as { extensions: { code: string; field: string } }).extensions;
  }
  throw new Error('expected a refusal');
};

describe(planAppointment.name, () => {
  it('appoints a newcomer as a member, ending nobody’s term', () => {
    expect(planAppointment(group(), 'health', 'MEMBER')).toEqual({
      kind: 'MEMBER_APPOINTED',
      own: null,
      replaced: null,
    });
  });

  it('replaces the leader, ending the previous leader’s term', () => {
    const current = group();
    expect(planAppointment(current, 'new-mayor', 'LEADER')).toEqual({
      kind: 'LEADER_REPLACED',
      own: null,
      replaced: current[0],
    });
  });

  it('promotes a deputy to leader: their own term and the previous leader’s both end', () => {
    const current = group();
    expect(planAppointment(current, 'vice', 'LEADER')).toEqual({
      kind: 'LEADER_REPLACED',
      own: current[1],
      replaced: current[0],
    });
  });

  it('replaces the office director, recorded as an appointment that ends the previous director’s term', () => {
    const current = group();
    expect(planAppointment(current, 'police', 'OFFICE_DIRECTOR')).toEqual({
      kind: 'ROLE_CHANGED',
      own: current[3],
      replaced: current[2],
    });
    expect(planAppointment(current, 'health', 'OFFICE_DIRECTOR')).toMatchObject({
      kind: 'MEMBER_APPOINTED',
      replaced: current[2],
    });
  });

  it('lets any number of deputy leaders and members serve together', () => {
    expect(planAppointment(group(), 'health', 'DEPUTY_LEADER').replaced).toBeNull();
    expect(planAppointment(group(), 'water', 'MEMBER').replaced).toBeNull();
  });

  it('refuses to appoint someone to the role they already hold', () => {
    expect(code(() => planAppointment(group(), 'vice', 'DEPUTY_LEADER'))).toMatchObject({
      code: 'ALREADY_IN_ROLE',
      field: 'role',
    });
  });

  it('refuses to move the leader to another role, which would leave the group without one', () => {
    expect(code(() => planAppointment(group(), 'mayor', 'MEMBER'))).toMatchObject({
      code: 'LEADER_REQUIRED',
      field: 'role',
    });
  });

  it('keeps one leader, at most one office director and one role per person through any appointments and removals', () => {
    const people = ['a', 'b', 'c', 'd', 'e'];
    const operation = fc.record({
      remove: fc.boolean(),
      personId: fc.constantFrom(...people),
      role: fc.constantFrom(...LEADING_GROUP_ROLES),
    });
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        let current = [m('a', 'LEADER')];
        for (const op of operations) {
          try {
            if (op.remove) {
              const ended = planRemoval(current, op.personId);
              current = current.filter((x) => x !== ended);
            } else {
              const plan = planAppointment(current, op.personId, op.role);
              current = [
                ...current.filter((x) => x !== plan.own && x !== plan.replaced),
                m(op.personId, op.role),
              ];
            }
          } catch (error) {
            // A refusal leaves the group as it was.
            expect((error as { extensions: { code: string } }).extensions.code).toMatch(
              /^(LEADER_REQUIRED|ALREADY_IN_ROLE|NOT_A_MEMBER)$/,
            );
          }
          expect(current.filter((x) => x.role === 'LEADER')).toHaveLength(1);
          expect(current.filter((x) => x.role === 'OFFICE_DIRECTOR').length).toBeLessThanOrEqual(1);
          expect(new Set(current.map((x) => x.personId)).size).toBe(current.length);
        }
      }),
    );
  });
});

describe(planRemoval.name, () => {
  it('ends the person’s current term', () => {
    const current = group();
    expect(planRemoval(current, 'police')).toBe(current[3]);
  });

  it.each([
    ['the leader', 'mayor', 'LEADER_REQUIRED'],
    ['someone who is not a member', 'stranger', 'NOT_A_MEMBER'],
  ])('refuses to remove %s', (_label, personId, expected) => {
    expect(code(() => planRemoval(group(), personId))).toMatchObject({ code: expected, field: 'personId' });
  });
});

describe(planDeparture.name, () => {
  const held = (id: string, role: LeadingGroupRole) => ({
    group: { id, name: `${id} 领导小组` },
    membership: m('bureau', role),
  });

  it('ends every membership of someone who leads no group', () => {
    const memberships = [
      held('flood', 'DEPUTY_LEADER'),
      held('fire', 'OFFICE_DIRECTOR'),
      held('quake', 'MEMBER'),
    ];
    expect(planDeparture('王芳', memberships)).toEqual(memberships);
    expect(planDeparture('王芳', [])).toEqual([]);
  });

  it('refuses the departure of a leader, naming every group they lead', () => {
    const refusal = code(() =>
      planDeparture('王芳', [held('flood', 'LEADER'), held('fire', 'MEMBER'), held('quake', 'LEADER')]),
    );
    expect(refusal).toEqual({
      code: 'LEADER_REQUIRED',
      field: 'status',
      leadingGroupIds: ['flood', 'quake'],
      leadingGroupNames: ['flood 领导小组', 'quake 领导小组'],
    });
  });

  it('ends all memberships exactly when none of them is a leadership', () => {
    const roles = fc.array(fc.constantFrom(...LEADING_GROUP_ROLES), { maxLength: 8 });
    fc.assert(
      fc.property(roles, (rs) => {
        const memberships = rs.map((role, i) => held(`g${i}`, role));
        if (rs.includes('LEADER')) {
          expect(code(() => planDeparture('王芳', memberships))).toMatchObject({ code: 'LEADER_REQUIRED' });
        } else {
          expect(planDeparture('王芳', memberships)).toEqual(memberships);
        }
      }),
    );
  });
});
