import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { IncidentCategory, IncidentEntity } from '../incident/incident.entity';
import type { IncidentReportEntity, ReportDeadlineEntity } from './report.entity';
import {
  ReportService,
  type LateReportFilter,
  type SetRulesInput,
  type SubmitReportInput,
} from './report.service';

@Resolver('IncidentReport')
export class ReportResolver {
  constructor(private readonly reports: ReportService) {}

  @Mutation('submitIncidentReport')
  submit(@Args('input') input: SubmitReportInput, @Context() ctx: RequestContext) {
    return this.reports.submit(ctx, input);
  }

  @Mutation('setReportDeadlineRules')
  setRules(@Args('input') input: SetRulesInput, @Context() ctx: RequestContext) {
    return this.reports.setRules(ctx, input);
  }

  @Query('reportDeadlineRules')
  rules(
    @Args('regionCode') regionCode: string,
    @Args('category') category: IncidentCategory,
    @Context() ctx: RequestContext,
  ) {
    return this.reports.rules(ctx, regionCode, category);
  }

  @Query('dueReports')
  due(
    @Args('regionCode') regionCode: string,
    @Args('at') at: Date | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.reports.due(ctx, regionCode, at, { first, after });
  }

  @Query('lateReports')
  late(
    @Args('filter') filter: LateReportFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.reports.late(ctx, filter ?? {}, { first, after });
  }

  @Query('reportTimeliness')
  timeliness(
    @Args('regionCode') regionCode: string,
    @Args('from') from: Date,
    @Args('to') to: Date,
    @Context() ctx: RequestContext,
  ) {
    return this.reports.timeliness(ctx, regionCode, from, to);
  }

  @ResolveField('incident')
  incident(@Parent() report: IncidentReportEntity, @Context() ctx: RequestContext) {
    return this.reports.incidentOf(ctx, report);
  }

  @ResolveField('reportingOrganisation')
  reportingOrganisation(@Parent() report: IncidentReportEntity) {
    return entityRef('Organisation', report.reportingOrganisationId);
  }

  @ResolveField('late')
  isLate(@Parent() report: IncidentReportEntity) {
    return report.lateMinutes !== null;
  }

  @ResolveField('lateByMinutes')
  lateByMinutes(@Parent() report: IncidentReportEntity) {
    return report.lateMinutes;
  }
}

@Resolver('ReportDeadline')
export class ReportDeadlineResolver {
  constructor(private readonly reports: ReportService) {}

  @ResolveField('incident')
  incident(@Parent() deadline: ReportDeadlineEntity, @Context() ctx: RequestContext) {
    return this.reports.incidentOf(ctx, deadline);
  }

  @ResolveField('met')
  met(@Parent() deadline: ReportDeadlineEntity) {
    return deadline.metAt !== null;
  }
}

/** Incident.reports and Incident.figuresHistory. */
@Resolver('Incident')
export class IncidentReportsResolver {
  constructor(private readonly reports: ReportService) {}

  @ResolveField('reports')
  list(
    @Parent() incident: IncidentEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.reports.reports(ctx, incident, { first, after });
  }

  @ResolveField('figuresHistory')
  figuresHistory(@Parent() incident: IncidentEntity, @Context() ctx: RequestContext) {
    return this.reports.figuresHistory(ctx, incident);
  }
}
