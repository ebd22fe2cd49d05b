import { Injectable } from '@nestjs/common';
import type { RequestContext } from '@emergency/graphql';
import { Clock } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { buildSituationReport } from './situation-report-rules';
import type { SituationReport } from './situation-report.schema';
import { SituationReportRepository } from './situation-report.repository';

@Injectable()
export class SituationReportService {
  constructor(
    private readonly repository: SituationReportRepository,
    private readonly clock: Clock,
  ) {}

  /** The incident's situation report at `at` (now when not given); the incident is one the caller may see. */
  async of(_ctx: RequestContext, incident: IncidentEntity, at?: Date | null): Promise<SituationReport> {
    const instant = at ?? this.clock.now();
    const [responseLevel, chain, warnings, openItems] = await Promise.all([
      this.repository.responseLevel(incident.id),
      this.repository.chain(incident.id),
      this.repository.warnings(incident.id),
      this.repository.openItems(incident.id, instant),
    ]);
    return buildSituationReport({ incident, responseLevel, chain, warnings, openItems }, instant);
  }
}
