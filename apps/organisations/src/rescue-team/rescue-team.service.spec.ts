import type { DataSource } from 'typeorm';
import type { Identity } from '@emergency/auth';
import type { Outbox } from '@emergency/events';
import type { RequestContext } from '@emergency/graphql';
import type { OrganisationDissolutions } from '../organisation/organisation-dissolutions';
import type { OrganisationService } from '../organisation/organisation.service';
import type { PersonDepartures } from '../person/person-departures';
import type { PersonService } from '../person/person.service';
import type { RegionService } from '../region/region.service';
import type { RescueTeamEntity } from './rescue-team.entity';
import { RescueTeamEquipmentService } from './rescue-team-equipment.service';
import { RescueTeamMemberService } from './rescue-team-member.service';
import type { RescueTeamRepository } from './rescue-team.repository';
import { RescueTeamService } from './rescue-team.service';

const uuid = (n: number) => `00000000-0000-4000-8000-${n.toString().padStart(12, '0')}`;
const TEAM = uuid(1);
const ORGANISATION = uuid(2);
const PERSON = uuid(3);

const admin: Identity = { subject: 'admin', roles: ['admin'] };
const ctxOf = (identity: Identity = admin): RequestContext => ({
  identity,
  correlationId: 'corr',
  loaders: new Map(),
});

const team = {
  id: TEAM,
  name: 'Honghu flood rescue team',
  type: 'FLOOD_CONTROL',
  organisationId: ORGANISATION,
  baseRegionCode: '421083',
  headcount: 10,
  specialties: [],
  readiness: 'READY',
  status: 'ACTIVE',
} as unknown as RescueTeamEntity;

/**
 * What happens when two requests race past the service's checks: the team row lock normally queues them, so only
 * a writer outside this service could get here, and the database's unique index then has the last word. The
 * caller still gets the domain error, never the database's.
 */
describe('rescue team writes: lost races', () => {
  let members: RescueTeamMemberService;
  let equipment: RescueTeamEquipmentService;
  let raceLostOn: string;
  let transaction: jest.Mock;

  beforeEach(() => {
    const repository = {
      findByIds: jest.fn().mockResolvedValue([team]),
    } as unknown as RescueTeamRepository;
    const organisations = {
      load: jest.fn().mockResolvedValue({ id: ORGANISATION, status: 'ACTIVE', regionCode: '421083' }),
    };
    const people = {
      requireActive: jest.fn().mockResolvedValue({ id: PERSON, name: '李强', status: 'ACTIVE' }),
    };
    transaction = jest.fn(() =>
      Promise.reject(
        Object.assign(new Error(`duplicate key value violates unique constraint "${raceLostOn}"`), {
          code: '23505',
          constraint: raceLostOn,
        }),
      ),
    );
    const dataSource = { transaction };
    const outbox = { publish: jest.fn() } as unknown as Outbox;
    const teams = new RescueTeamService(
      dataSource as unknown as DataSource,
      repository,
      organisations as unknown as OrganisationService,
      {} as RegionService,
      outbox,
      {} as OrganisationDissolutions,
    );
    members = new RescueTeamMemberService(
      teams,
      repository,
      people as unknown as PersonService,
      outbox,
      {} as PersonDepartures,
    );
    equipment = new RescueTeamEquipmentService(teams, repository, outbox);
  });

  const add = (role: 'CAPTAIN' | 'MEMBER') =>
    members.addMember(ctxOf(), { teamId: TEAM, personId: PERSON, role }).catch((e: unknown) => e);

  it('reports a second current captain as CAPTAIN_ALREADY_APPOINTED on role', async () => {
    raceLostOn = 'rescue_team_captain_key';
    expect(await add('CAPTAIN')).toMatchObject({
      extensions: { code: 'CAPTAIN_ALREADY_APPOINTED', field: 'role' },
    });
  });

  it('reports the same person twice at once as ALREADY_TEAM_MEMBER on personId', async () => {
    raceLostOn = 'rescue_team_membership_current_key';
    expect(await add('MEMBER')).toMatchObject({
      extensions: { code: 'ALREADY_TEAM_MEMBER', field: 'personId' },
    });
  });

  it('reports an equipment name the database finds twice as DUPLICATE_EQUIPMENT_NAME', async () => {
    raceLostOn = 'rescue_team_equipment_name_key';
    const error = await equipment
      .setEquipment(ctxOf(), { teamId: TEAM, items: [{ name: 'Pump', quantity: 1, unit: '台' }] })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'DUPLICATE_EQUIPMENT_NAME', field: 'items' } });
  });

  it('lets any other database error through unchanged', async () => {
    raceLostOn = 'some_other_constraint';
    expect(await add('MEMBER')).toMatchObject({ constraint: 'some_other_constraint' });
  });

  it('never reaches the database for an auditor', async () => {
    const error = await members
      .addMember(ctxOf({ subject: 'aud', roles: ['auditor'] }), {
        teamId: TEAM,
        personId: PERSON,
        role: 'MEMBER',
      })
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ extensions: { code: 'FORBIDDEN' } });
    expect(transaction).not.toHaveBeenCalled();
  });
});
