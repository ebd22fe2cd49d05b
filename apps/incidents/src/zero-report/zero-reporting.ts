import { Injectable, Module } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { ZeroReportingOpened } from '@emergency/contracts';
import { Outbox, type EventContext } from '@emergency/events';
import { badInput } from '@emergency/graphql';
import { RegionScope, regionScopeProvider } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import type { ZeroReportingKind, ZeroReportPeriodEntity } from './zero-report.entity';
import { ZeroReportErrorCode, ZeroReportException } from './zero-report.exception';
import { ZeroReportRepository } from './zero-report.repository';

export const alreadyOpen = (periodId?: string) =>
  new ZeroReportException(
    ZeroReportErrorCode.ZeroReportingAlreadyOpen,
    'the incident already has zero reporting going on',
    { field: 'incidentId', periodId },
  );

/**
 * A period's life inside a caller's transaction: opened (ZeroReportingOpened) and ended. The response declaration
 * opens one over the incident's region and ends it when the response ends, in its own transaction; it needs nothing
 * of the incident feature, so the incident feature's module may import {@link ZeroReportingModule}.
 */
@Injectable()
export class ZeroReporting {
  constructor(
    private readonly repository: ZeroReportRepository,
    private readonly regions: RegionScope,
    private readonly outbox: Outbox,
  ) {}

  /** The units that report in a period over `regionCode`: every county, prefecture and province within it. */
  unitsOf(regionCode: string): string[] {
    return this.regions.codesUnder(regionCode);
  }

  /**
   * Opens RESPONSE zero reporting over the incident's region from `startsOn`; ZERO_REPORTING_ALREADY_OPEN (field
   * incidentId) when the incident has a period going on.
   */
  openForResponse(
    manager: EntityManager,
    incident: Pick<IncidentEntity, 'id' | 'regionCode'>,
    startsOn: string,
    context: EventContext,
  ): Promise<ZeroReportPeriodEntity> {
    return this.insertPeriod(
      manager,
      { incidentId: incident.id, kind: 'RESPONSE', regionCode: incident.regionCode, startsOn, title: null },
      context,
    );
  }

  /** Whether the incident has a zero-reporting period going on (opened by the duty office or a response). */
  async isGoingOn(manager: EntityManager, incidentId: string): Promise<boolean> {
    return (await this.repository.openPeriodOfIncident(manager, incidentId)) !== null;
  }

  /** Ends the incident's period going on with `endsOn` as its last day; null when none is going on. */
  async closeForIncident(manager: EntityManager, incidentId: string, endsOn: string) {
    const period = await this.repository.openPeriodOfIncident(manager, incidentId);
    if (!period) return null;
    return this.endPeriod(manager, period, endsOn < period.startsOn ? period.startsOn : endsOn);
  }

  /** Opens a period (refusing a second one going on for the same incident). */
  async insertPeriod(
    manager: EntityManager,
    period: {
      incidentId: string | null;
      kind: ZeroReportingKind;
      regionCode: string;
      startsOn: string;
      title: string | null;
    },
    context: EventContext,
  ): Promise<ZeroReportPeriodEntity> {
    if (period.incidentId) {
      const going = await this.repository.openPeriodOfIncident(manager, period.incidentId);
      if (going) throw alreadyOpen(going.id);
    }
    const saved = await this.repository.insertPeriod(manager, { id: randomUUID(), endsOn: null, ...period });
    await this.outbox.publish(
      manager,
      ZeroReportingOpened,
      saved.id,
      {
        periodId: saved.id,
        incidentId: saved.incidentId,
        kind: saved.kind,
        regionCode: saved.regionCode,
        startsOn: saved.startsOn,
        unitRegionCodes: this.unitsOf(saved.regionCode),
      },
      context,
    );
    return saved;
  }

  /** Ends a locked period on `endsOn` (its last day reported). */
  async endPeriod(manager: EntityManager, period: ZeroReportPeriodEntity, endsOn: string) {
    if (period.endsOn !== null) {
      throw new ZeroReportException(
        ZeroReportErrorCode.ZeroReportPeriodClosed,
        `zero-reporting period ${period.id} ended on ${period.endsOn}`,
        { field: 'periodId', startsOn: period.startsOn, endsOn: period.endsOn },
      );
    }
    if (endsOn < period.startsOn) {
      throw badInput(`endsOn must not be before the period's first day ${period.startsOn}`, 'endsOn');
    }
    await this.repository.endPeriod(manager, period.id, endsOn);
    return { ...period, endsOn };
  }
}

/** {@link ZeroReporting} for other features (the response declaration), without the zero report feature's resolvers. */
@Module({
  providers: [regionScopeProvider, ZeroReportRepository, ZeroReporting],
  exports: [ZeroReporting, ZeroReportRepository, RegionScope],
})
export class ZeroReportingModule {}
