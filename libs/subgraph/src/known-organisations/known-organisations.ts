import { Inject, Injectable } from '@nestjs/common';
import { DataSource, In, type EntityManager } from 'typeorm';
import {
  OrganisationDissolved,
  OrganisationRegistered,
  OrganisationRegisteredV1Contract,
  OrganisationUpdated,
} from '@emergency/contracts';
import { preparedQuery, type PreparedStatement } from '@emergency/database';
import { on } from '@emergency/events';
import { CommonErrorCode, defineErrorCodes, DomainError } from '@emergency/graphql';
import type { EventProjector, SubgraphOptions } from '../options';
import { SUBGRAPH_OPTIONS } from '../tokens';
import { KnownOrganisationEntity, type KnownOrganisationStatus } from './known-organisation.entity';

export const KnownOrganisationErrorCode = defineErrorCodes('@emergency/subgraph/known-organisations', {
  OrganisationWrongType: {
    code: 'ORGANISATION_WRONG_TYPE',
    meaning:
      'An organisation named is active but not of the type the field requires (a contractor must be an ENTERPRISE).',
    extensions: {
      field: 'the argument at fault',
      organisationId: 'the organisation',
      required: 'the type required',
      actual: 'its type, null when not known yet',
    },
    raisedBy: 'incidents, supplies',
  },
});

/** What a service knows of an organisation id: nothing, or its name, region and whether it is dissolved. */
export type OrganisationStanding =
  | { status: 'UNKNOWN'; id: string }
  | ActiveOrganisation
  | DissolvedOrganisation;

interface Known {
  id: string;
  name: string;
  regionCode: string;
  /** As the organisations topic states it (ENTERPRISE, CHARITY, ...); null when learned before types were kept. */
  type: string | null;
}
/** A known organisation that is not dissolved. */
export type ActiveOrganisation = Known & { status: 'ACTIVE' };
export type DissolvedOrganisation = Known & { status: 'DISSOLVED'; dissolvedAt: Date | null };

/** A row of `known_organisation` as {@link KnownOrganisations.standings} reads it. */
interface KnownRow {
  id: string;
  name: string;
  region_code: string;
  type: string | null;
  status: KnownOrganisationStatus;
  dissolved_at: Date | null;
}

/** Prepared: a write that names organisations reads their standings with it. */
const STANDINGS: PreparedStatement = {
  name: 'known_organisation_standings_typed',
  text: `SELECT id, name, region_code, type, status, dissolved_at FROM known_organisation WHERE id = ANY($1::uuid[])`,
};

/**
 * The organisations a service has learned of from `organisations.events.v1`, for checking the organisation ids it
 * is asked to store. The projection is eventually consistent: an organisation registered moments ago may not be
 * known yet, and is then refused with ORGANISATION_UNKNOWN saying so; a retry shortly after succeeds.
 *
 * Enabled with `SubgraphModule.forRoot({ knownOrganisations: true })`, which adds the table, its migration and
 * the projector; services inject this class.
 */
@Injectable()
export class KnownOrganisations {
  constructor(
    private readonly dataSource: DataSource,
    @Inject(SUBGRAPH_OPTIONS) private readonly options: SubgraphOptions,
  ) {}

  /** The standing of `id`, read in `manager`'s transaction when given. */
  async standing(id: string, manager?: EntityManager): Promise<OrganisationStanding> {
    const [found] = await this.standings([id], manager);
    return found;
  }

  /** The standings of `ids`, in their order, read in one statement (in `manager`'s transaction when given). */
  async standings(ids: readonly string[], manager?: EntityManager): Promise<OrganisationStanding[]> {
    const rows = await preparedQuery<KnownRow>(manager ?? this.dataSource.manager, STANDINGS, [
      [...new Set(ids)],
    ]);
    const byId = new Map(rows.map((row) => [row.id, row]));
    return ids.map((id) => {
      const row = byId.get(id);
      if (!row) return { status: 'UNKNOWN', id };
      const known = { id: row.id, name: row.name, regionCode: row.region_code, type: row.type };
      return row.status === 'ACTIVE'
        ? { ...known, status: 'ACTIVE' }
        : { ...known, status: 'DISSOLVED', dissolvedAt: row.dissolved_at };
    });
  }

  /** The regions of the known organisations among `ids`, dissolved or not (for batch loaders: any order). */
  async regionsOf(ids: readonly string[]): Promise<{ id: string; regionCode: string }[]> {
    const rows = await this.dataSource
      .getRepository(KnownOrganisationEntity)
      .find({ select: { id: true, regionCode: true }, where: { id: In([...ids]) } });
    return rows.map((row) => ({ id: row.id, regionCode: row.regionCode }));
  }

  /**
   * The organisation `id`, known and active, or ORGANISATION_UNKNOWN / ORGANISATION_DISSOLVED naming `field` (and
   * `organisationId`).
   */
  async requireActive(id: string, field: string, manager?: EntityManager): Promise<ActiveOrganisation> {
    return this.active(await this.standing(id, manager), field);
  }

  /**
   * The organisation `id`, known, active and of `type` (a contractor must be an ENTERPRISE), or
   * ORGANISATION_UNKNOWN / ORGANISATION_DISSOLVED as {@link requireActive}, or ORGANISATION_WRONG_TYPE naming
   * `field`, `organisationId`, the type `required` and the type it has (`actual`, null when not known yet).
   */
  async requireActiveOfType(
    id: string,
    type: string,
    field: string,
    manager?: EntityManager,
  ): Promise<ActiveOrganisation> {
    return this.ofType(this.active(await this.standing(id, manager), field), type, field);
  }

  /** `organisation` when of `type`, else ORGANISATION_WRONG_TYPE as {@link requireActiveOfType}. */
  ofType(organisation: ActiveOrganisation, type: string, field: string): ActiveOrganisation {
    if (organisation.type !== type) {
      throw new DomainError(
        KnownOrganisationErrorCode.OrganisationWrongType,
        `organisation ${organisation.name} (${organisation.id}) is ${organisation.type ?? 'of a type not known yet'}, ` +
          `not ${type}`,
        { field, organisationId: organisation.id, required: type, actual: organisation.type },
      );
    }
    return organisation;
  }

  /**
   * The organisation of `found` (a standing already read, e.g. by {@link standings}) when active, or
   * ORGANISATION_UNKNOWN / ORGANISATION_DISSOLVED naming `field` (and `organisationId`), as {@link requireActive}.
   */
  active(found: OrganisationStanding, field: string): ActiveOrganisation {
    const { id } = found;
    switch (found.status) {
      case 'UNKNOWN':
        throw new DomainError(
          CommonErrorCode.OrganisationUnknown,
          `organisation ${id} is not known to ${this.options.service} (yet): organisations reach it by event ` +
            `moments after they are registered, so retry shortly if it was registered just now`,
          { field, organisationId: id },
        );
      case 'DISSOLVED':
        throw new DomainError(
          CommonErrorCode.OrganisationDissolved,
          `organisation ${found.name} (${id}) was dissolved on ${found.dissolvedAt?.toISOString() ?? 'an unknown date'}`,
          { field, organisationId: id },
        );
      case 'ACTIVE':
        return found;
    }
  }
}

/**
 * Keeps `known_organisation` in step with the organisations topic, from its beginning, so a service deployed
 * later still learns every organisation. Events of one organisation arrive in order (they share its key).
 */
@Injectable()
export class KnownOrganisationsProjector implements EventProjector {
  readonly domains = ['organisations'];

  bindings() {
    const remember = (
      manager: EntityManager,
      state: { organisationId: string; name: string; regionCode: string; type: string },
    ) =>
      // The status is left alone: a registration or update never revives a dissolved organisation.
      manager.query(
        `INSERT INTO known_organisation (id, name, region_code, type, status, updated_at)
         VALUES ($1, $2, $3, $4, 'ACTIVE', now())
         ON CONFLICT (id) DO UPDATE SET name = EXCLUDED.name, region_code = EXCLUDED.region_code,
           type = EXCLUDED.type, updated_at = now()`,
        [state.organisationId, state.name, state.regionCode, state.type],
      );
    return [
      on(OrganisationRegisteredV1Contract, (event, manager) => remember(manager, event.data)),
      on(OrganisationRegistered, (event, manager) => remember(manager, event.data)),
      on(OrganisationUpdated, (event, manager) => remember(manager, event.data)),
      on(OrganisationDissolved, async (event, manager) => {
        const updated = (await manager.query(
          `UPDATE known_organisation SET status = 'DISSOLVED', dissolved_at = $2, updated_at = now()
           WHERE id = $1 RETURNING id`,
          [event.data.organisationId, event.data.dissolvedAt],
        )) as [unknown[], number];
        // Its registration comes first on the same partition; without it the event is retried, then dead-lettered.
        if (updated[0].length === 0) {
          throw new Error(
            `OrganisationDissolved for ${event.data.organisationId}, which was never registered`,
          );
        }
      }),
    ];
  }
}
