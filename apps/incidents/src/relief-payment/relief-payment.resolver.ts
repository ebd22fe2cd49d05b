import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import type { RequestContext } from '@emergency/graphql';
import {
  ReliefPaymentService,
  type PublishVillageReliefListInput,
  type RecordReliefPaymentInput,
  type ReliefPaymentView,
} from './relief-payment.service';

@Resolver('ReliefPayment')
export class ReliefPaymentResolver {
  constructor(private readonly relief: ReliefPaymentService) {}

  @Query('villageReliefList')
  list(
    @Args('fundId') fundId: string,
    @Args('villageCode') villageCode: string,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.relief.villageList(ctx, fundId, villageCode, { first, after });
  }

  @Mutation('recordReliefPayment')
  record(@Args('input') input: RecordReliefPaymentInput, @Context() ctx: RequestContext) {
    return this.relief.record(ctx, input);
  }

  @Mutation('publishVillageReliefList')
  publish(@Args('input') input: PublishVillageReliefListInput, @Context() ctx: RequestContext) {
    return this.relief.publish(ctx, input);
  }

  @ResolveField('goods')
  goods(@Parent() payment: ReliefPaymentView, @Context() ctx: RequestContext) {
    return this.relief.goods(ctx, payment);
  }

  @ResolveField('publishedOn')
  publishedOn(@Parent() payment: ReliefPaymentView, @Context() ctx: RequestContext) {
    return this.relief.publishedOn(ctx, payment);
  }
}
