import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { Clock } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import {
  followUpsOn,
  minutesLate,
  obligationsMet,
  obligationsOnLifting,
  obligationsOnOccurrence,
  relaysOnReport,
  rulesFor,
  rulesInForce,
  withinSupplementaryWindow,
  type IncidentFacts,
} from './report-rules';
import type { IncidentReportEntity } from './report.entity';
import { ReportRepository } from './report.repository';

/**
 * The reports an incident owes and when: opened when it is reported, when a report reaches a level (the next
 * relay), when its response is lifted (the verified report) and at the fixed follow-up times while it responds.
 * Every method runs inside the caller's transaction.
 */
@Injectable()
export class ReportDeadlines {
  constructor(
    private readonly repository: ReportRepository,
    private readonly clock: Clock,
  ) {}

  /** The rules in force that apply to the incident (its region's most specific prefix, its grade, its subcategory). */
  async rulesOf(manager: EntityManager, incident: IncidentFacts) {
    const covering = await this.repository.rulesCovering(incident.regionCode, incident.category, manager);
    return rulesFor(rulesInForce(covering, incident.regionCode, incident.category), incident);
  }

  /** Opens what a newly reported incident owes (the first reports, counted from its occurrence). Call in its write. */
  async openFor(manager: EntityManager, incident: IncidentEntity): Promise<number> {
    const rules = await this.rulesOf(manager, incident);
    return this.repository.insertObligations(
      manager,
      incident,
      obligationsOnOccurrence(rules, incident),
      this.clock.now(),
    );
  }

  /**
   * Opens the verified report (核报) owed once the incident's response is lifted at `liftedAt` (due within the rule's
   * working days, by the official calendar). Call in the write that lifts the response.
   */
  async openVerified(manager: EntityManager, incident: IncidentEntity, liftedAt: Date): Promise<number> {
    const rules = await this.rulesOf(manager, incident);
    return this.repository.insertObligations(
      manager,
      incident,
      obligationsOnLifting(rules, incident.regionCode, liftedAt),
      this.clock.now(),
    );
  }

  /** Opens today's fixed-time follow-ups of a responding incident (each once). */
  async openFollowUps(manager: EntityManager, incident: IncidentFacts & { id: string }, now: Date) {
    const rules = await this.rulesOf(manager, incident);
    return this.repository.insertObligations(manager, incident, followUpsOn(rules, incident, now), now);
  }

  /**
   * A submitted report: meets the open obligations it matches (returning the most minutes late among them, null
   * when it met none or all on time) and opens the next level's relay.
   */
  async onReport(
    manager: EntityManager,
    incident: IncidentEntity,
    report: Pick<
      IncidentReportEntity,
      'id' | 'kind' | 'channel' | 'toLevel' | 'skippedLevels' | 'reportedAt'
    >,
  ): Promise<number | null> {
    const open = await this.repository.openObligations(manager, incident.id);
    let late: number | null = null;
    for (const obligation of obligationsMet(open, report)) {
      const minutes = minutesLate(obligation.dueAt, report.reportedAt);
      await this.repository.meet(manager, obligation.id, report.id, report.reportedAt, minutes);
      if (minutes > 0) late = Math.max(late ?? 0, minutes);
    }
    const rules = await this.rulesOf(manager, incident);
    const relays = [];
    for (const relay of relaysOnReport(
      rules,
      incident.regionCode,
      report.kind,
      report.toLevel,
      report.reportedAt,
    )) {
      if (!(await this.repository.hasObligation(manager, incident.id, relay.kind, relay.level)))
        relays.push(relay);
    }
    await this.repository.insertObligations(manager, incident, relays, this.clock.now());
    return late;
  }

  /** Whether a 补报 at `reportedAt` lies within the incident's supplementary window (null: no window in force). */
  async withinWindow(manager: EntityManager, incident: IncidentEntity, reportedAt: Date) {
    const rules = await this.rulesOf(manager, incident);
    return withinSupplementaryWindow(rules, incident.occurredAt, reportedAt);
  }
}
