import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import type { EvidenceItem } from './anomaly.repository';
import { AnomalyService, type AnomalyFilter, type SetAnomalyRulesInput } from './anomaly.service';

@Resolver('Anomaly')
export class AnomalyResolver {
  constructor(private readonly anomalies: AnomalyService) {}

  @Query('anomaly')
  anomaly(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.anomalies.anomaly(ctx, id);
  }

  @Query('anomalies')
  list(
    @Args('filter') filter: AnomalyFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.anomalies.anomalies(ctx, filter, { first, after });
  }

  @Query('anomalyRules')
  rules(@Args('regionCode') regionCode: string) {
    return this.anomalies.rulesInForce(regionCode);
  }

  @Mutation('setAnomalyRules')
  setRules(@Args('input') input: SetAnomalyRulesInput, @Context() ctx: RequestContext) {
    return this.anomalies.setRules(ctx, input);
  }

  @Mutation('detectAnomalies')
  detect(@Args('input') input: { fundId: string }, @Context() ctx: RequestContext) {
    return this.anomalies.detect(ctx, input);
  }

  @Mutation('dismissAnomaly')
  dismiss(@Args('input') input: { anomalyId: string; reason: string }, @Context() ctx: RequestContext) {
    return this.anomalies.dismiss(ctx, input);
  }
}

@Resolver('AnomalyEvidence')
export class AnomalyEvidenceResolver {
  constructor(private readonly anomalies: AnomalyService) {}

  @ResolveField('flow')
  flow(@Parent() item: EvidenceItem, @Context() ctx: RequestContext) {
    return item.kind === 'Flow' ? this.anomalies.evidenceFlow(ctx, item.id) : null;
  }
}
