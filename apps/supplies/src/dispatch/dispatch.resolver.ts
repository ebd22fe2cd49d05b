import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import { ReserveService } from '../reserve/reserve.service';
import type { DispatchShipment, SuppliesDispatchEntity, SuppliesRequestEntity } from './dispatch.entity';
import {
  DispatchService,
  type DecideRequestInput,
  type DispatchFilter,
  type IssueDispatchInstructionInput,
  type ReceiveDispatchInput,
  type RecordPaperworkInput,
  type RequestSuppliesInput,
  type SendDispatchInput,
  type SetDispatchRulesInput,
  type SuppliesRequestFilter,
} from './dispatch.service';

@Resolver('SuppliesRequest')
export class SuppliesRequestResolver {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly reserves: ReserveService,
  ) {}

  @Query('suppliesRequest')
  request(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.dispatch.request(ctx, id);
  }

  @Query('suppliesRequests')
  requests(
    @Args('filter') filter: SuppliesRequestFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.dispatch.requests(ctx, filter ?? {}, { first, after });
  }

  @Mutation('requestSupplies')
  requestSupplies(@Args('input') input: RequestSuppliesInput, @Context() ctx: RequestContext) {
    return this.dispatch.requestSupplies(ctx, input);
  }

  @Mutation('recordSuppliesRequestPaperwork')
  recordPaperwork(@Args('input') input: RecordPaperworkInput, @Context() ctx: RequestContext) {
    return this.dispatch.recordPaperwork(ctx, input);
  }

  @Mutation('decideSuppliesRequest')
  decide(@Args('input') input: DecideRequestInput, @Context() ctx: RequestContext) {
    return this.dispatch.decide(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() request: SuppliesRequestEntity) {
    return request.incidentId ? entityRef('Incident', request.incidentId) : null;
  }

  @ResolveField('receivingReservePointId')
  receivingReservePointId(@Parent() request: SuppliesRequestEntity) {
    return request.receivingPointId;
  }

  @ResolveField('receivingReservePoint')
  receivingReservePoint(@Parent() request: SuppliesRequestEntity, @Context() ctx: RequestContext) {
    return this.reserves.get(ctx, request.receivingPointId);
  }

  @ResolveField('paperworkOverdue')
  paperworkOverdue(@Parent() request: SuppliesRequestEntity) {
    return this.dispatch.paperworkOverdue(request);
  }

  @ResolveField('dispatches')
  dispatches(@Parent() request: SuppliesRequestEntity, @Context() ctx: RequestContext) {
    return this.dispatch.dispatchesOf(ctx, request.id);
  }
}

@Resolver('SuppliesDispatch')
export class SuppliesDispatchResolver {
  constructor(
    private readonly dispatch: DispatchService,
    private readonly reserves: ReserveService,
  ) {}

  @Query('dispatch')
  one(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.dispatch.dispatch(ctx, id);
  }

  @Query('dispatches')
  list(
    @Args('filter') filter: DispatchFilter | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.dispatch.dispatches(ctx, filter ?? {}, { first, after });
  }

  @Mutation('issueDispatchInstruction')
  instruct(@Args('input') input: IssueDispatchInstructionInput, @Context() ctx: RequestContext) {
    return this.dispatch.instruct(ctx, input);
  }

  @Mutation('sendDispatch')
  send(@Args('input') input: SendDispatchInput, @Context() ctx: RequestContext) {
    return this.dispatch.send(ctx, input);
  }

  @Mutation('receiveDispatch')
  receive(@Args('input') input: ReceiveDispatchInput, @Context() ctx: RequestContext) {
    return this.dispatch.receive(ctx, input);
  }

  @ResolveField('request')
  request(@Parent() dispatch: SuppliesDispatchEntity, @Context() ctx: RequestContext) {
    return this.dispatch.request(ctx, dispatch.requestId);
  }

  @ResolveField('incident')
  incident(@Parent() dispatch: SuppliesDispatchEntity) {
    return dispatch.incidentId ? entityRef('Incident', dispatch.incidentId) : null;
  }

  @ResolveField('sendingReservePointId')
  sendingReservePointId(@Parent() dispatch: SuppliesDispatchEntity) {
    return dispatch.sendingPointId;
  }

  @ResolveField('receivingReservePointId')
  receivingReservePointId(@Parent() dispatch: SuppliesDispatchEntity) {
    return dispatch.receivingPointId;
  }

  @ResolveField('sendingReservePoint')
  sendingReservePoint(@Parent() dispatch: SuppliesDispatchEntity, @Context() ctx: RequestContext) {
    return this.reserves.get(ctx, dispatch.sendingPointId);
  }

  @ResolveField('receivingReservePoint')
  receivingReservePoint(@Parent() dispatch: SuppliesDispatchEntity, @Context() ctx: RequestContext) {
    return this.reserves.get(ctx, dispatch.receivingPointId);
  }

  @ResolveField('againstRequest')
  async againstRequest(@Parent() dispatch: SuppliesDispatchEntity, @Context() ctx: RequestContext) {
    const request = await this.dispatch.request(ctx, dispatch.requestId);
    return request ? this.dispatch.againstRequestOf(request, dispatch) : [];
  }

  @ResolveField('shipments')
  shipments(@Parent() dispatch: SuppliesDispatchEntity) {
    return dispatch.shipments.map((s: DispatchShipment) => {
      const unit = BigInt(s.unitValueFen);
      const received = s.receivedQuantity;
      return {
        ...s,
        unitValueFen: unit,
        valueFen: BigInt(s.quantity) * unit,
        shortfallQuantity: received === null ? null : s.quantity - received,
        receivedValueFen: received === null ? null : BigInt(received) * unit,
        shortfallValueFen: received === null ? null : BigInt(s.quantity - received) * unit,
      };
    });
  }
}

@Resolver('DispatchRules')
export class DispatchRulesResolver {
  constructor(private readonly dispatch: DispatchService) {}

  @Query('dispatchRules')
  rules(@Args('regionCode') regionCode: string) {
    return this.dispatch.rules(regionCode);
  }

  @Mutation('setDispatchRules')
  setRules(@Args('input') input: SetDispatchRulesInput, @Context() ctx: RequestContext) {
    return this.dispatch.setRules(ctx, input);
  }
}
