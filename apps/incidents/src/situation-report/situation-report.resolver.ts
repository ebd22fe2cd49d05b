import { Args, Context, Parent, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import type { IncidentEntity } from '../incident/incident.entity';
import { SituationReportService } from './situation-report.service';

@Resolver('Incident')
export class SituationReportResolver {
  constructor(private readonly reports: SituationReportService) {}

  /** The JSON document, as text: agencies store and forward it as it is. */
  @ResolveField('situationReport')
  async situationReport(
    @Parent() incident: IncidentEntity,
    @Args('at') at: Date | undefined,
    @Context() ctx: RequestContext,
  ): Promise<string> {
    return JSON.stringify(await this.reports.of(ctx, incident, at));
  }
}
