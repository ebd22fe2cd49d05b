import { Args, Context, Mutation, Query, Resolver } from '@nestjs/graphql';
import { regionPrefix } from '@emergency/domain';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { ItemScore, SheetItem } from './assessment-scoring';
import { AssessmentService, type SetAssessmentSheetInput } from './assessment.service';

/** A sheet's items as the AssessmentSheet type shows them. */
const sheetOf = (items: SheetItem[], regionCode?: string | null) => ({
  regionPrefix: items[0]?.regionPrefix ?? (regionCode ? regionPrefix(regionCode) : ''),
  items,
  maxScore: items.reduce((sum, i) => sum + i.points, 0),
});

const points = (hundredths: number) => hundredths / 100;

const itemScore = (s: ItemScore) => ({ ...s, score: points(s.hundredths) });

@Resolver()
export class AssessmentResolver {
  constructor(private readonly assessments: AssessmentService) {}

  @Query('assessmentSheet')
  async sheet(@Args('regionCode') regionCode: string | undefined) {
    return sheetOf(await this.assessments.sheet(regionCode), regionCode);
  }

  @Query('complianceIndicators')
  indicators() {
    return this.assessments.indicatorList();
  }

  @Query('organisationAssessment')
  async organisation(
    @Args('organisationId') organisationId: string,
    @Args('year') year: number,
    @Context() ctx: RequestContext,
  ) {
    const a = await this.assessments.ofOrganisation(ctx, organisationId, year);
    return {
      organisation: entityRef('Organisation', organisationId),
      year: a.year,
      score: points(a.hundredths),
      maxScore: a.maxScore,
      items: a.scores.map(itemScore),
    };
  }

  @Query('regionAssessments')
  async regions(
    @Args('regionCode') regionCode: string,
    @Args('year') year: number,
    @Context() ctx: RequestContext,
  ) {
    const regions = await this.assessments.ofRegions(ctx, regionCode, year);
    return regions.map((r) => ({
      regionCode: r.regionCode,
      year: r.year,
      organisationCount: r.organisationCount,
      // A region none of whose organisations is known here is not assessed, rather than scored full.
      score: r.organisationCount > 0 ? points(r.hundredths) : null,
      maxScore: r.maxScore,
      items: r.scores.map(itemScore),
    }));
  }

  @Mutation('setAssessmentSheet')
  async setSheet(@Args('input') input: SetAssessmentSheetInput, @Context() ctx: RequestContext) {
    return sheetOf(await this.assessments.setSheet(ctx, input), input.regionCode);
  }
}
