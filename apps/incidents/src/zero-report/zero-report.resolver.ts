import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import type { ZeroReportMissEntity, ZeroReportPeriodEntity } from './zero-report.entity';
import {
  ZeroReportService,
  type OpenZeroReportingInput,
  type SetZeroReportDeadlineInput,
  type SubmitZeroReportInput,
} from './zero-report.service';

@Resolver('ZeroReportPeriod')
export class ZeroReportResolver {
  constructor(private readonly zeroReports: ZeroReportService) {}

  @Query('zeroReportPeriod')
  period(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.zeroReports.period(ctx, id);
  }

  @Query('zeroReportDeadlineRules')
  rules(@Args('regionCode') regionCode: string) {
    return this.zeroReports.deadlineRules(regionCode);
  }

  @Query('zeroReportDay')
  day(
    @Args('periodId') periodId: string | undefined,
    @Args('regionCode') regionCode: string | undefined,
    @Args('date') date: string,
    @Context() ctx: RequestContext,
  ) {
    return this.zeroReports.day(ctx, { periodId, regionCode, date });
  }

  @Query('missedZeroReports')
  missed(
    @Args('regionCode') regionCode: string,
    @Args('from') from: string,
    @Args('to') to: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.zeroReports.missed(ctx, { regionCode, from, to, first, after });
  }

  @Mutation('openZeroReporting')
  open(@Args('input') input: OpenZeroReportingInput, @Context() ctx: RequestContext) {
    return this.zeroReports.open(ctx, input);
  }

  @Mutation('closeZeroReporting')
  close(@Args('input') input: { periodId: string; endsOn: string }, @Context() ctx: RequestContext) {
    return this.zeroReports.close(ctx, input);
  }

  @Mutation('submitZeroReport')
  submit(@Args('input') input: SubmitZeroReportInput, @Context() ctx: RequestContext) {
    return this.zeroReports.submit(ctx, input);
  }

  @Mutation('setZeroReportDeadline')
  setDeadline(@Args('input') input: SetZeroReportDeadlineInput, @Context() ctx: RequestContext) {
    return this.zeroReports.setDeadline(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() period: ZeroReportPeriodEntity, @Context() ctx: RequestContext) {
    return period.incidentId ? this.zeroReports.incidentOf(ctx, period.incidentId) : null;
  }

  @ResolveField('unitRegionCodes')
  units(@Parent() period: ZeroReportPeriodEntity) {
    return this.zeroReports.unitsOf(period.regionCode);
  }
}

@Resolver('ZeroReportMiss')
export class ZeroReportMissResolver {
  constructor(private readonly zeroReports: ZeroReportService) {}

  @ResolveField('period')
  period(@Parent() miss: ZeroReportMissEntity, @Context() ctx: RequestContext) {
    return this.zeroReports.period(ctx, miss.periodId);
  }
}
