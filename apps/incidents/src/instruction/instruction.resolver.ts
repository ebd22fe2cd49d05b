import { Args, Context, Mutation, Parent, Query, ResolveField, Resolver } from '@nestjs/graphql';
import { entityRef, type RequestContext } from '@emergency/graphql';
import type { IncidentEntity } from '../incident/incident.entity';
import type {
  InstructionAssignmentEntity,
  InstructionFeedbackEntity,
  LeaderInstructionEntity,
} from './instruction.entity';
import {
  InstructionService,
  type CloseInstructionInput,
  type DecideInstructionExtensionInput,
  type RecordLeaderInstructionInput,
  type RequestInstructionExtensionInput,
  type SetInstructionRuleInput,
  type SubmitInstructionFeedbackInput,
} from './instruction.service';

@Resolver('LeaderInstruction')
export class InstructionResolver {
  constructor(private readonly instructions: InstructionService) {}

  @Query('leaderInstruction')
  get(@Args('id') id: string, @Context() ctx: RequestContext) {
    return this.instructions.get(ctx, id);
  }

  @Query('openInstructions')
  open(
    @Args('regionCode') regionCode: string,
    @Args('overdueOnly') overdueOnly: boolean | undefined,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.instructions.open(ctx, { regionCode, overdueOnly, first, after });
  }

  @Query('instructionRule')
  rule(@Args('regionCode') regionCode: string) {
    return this.instructions.rule(regionCode);
  }

  @Mutation('setInstructionRule')
  setRule(@Args('input') input: SetInstructionRuleInput, @Context() ctx: RequestContext) {
    return this.instructions.setRule(ctx, input);
  }

  @Mutation('recordLeaderInstruction')
  record(@Args('input') input: RecordLeaderInstructionInput, @Context() ctx: RequestContext) {
    return this.instructions.record(ctx, input);
  }

  @Mutation('submitInstructionFeedback')
  feedback(@Args('input') input: SubmitInstructionFeedbackInput, @Context() ctx: RequestContext) {
    return this.instructions.submitFeedback(ctx, input);
  }

  @Mutation('requestInstructionExtension')
  requestExtension(@Args('input') input: RequestInstructionExtensionInput, @Context() ctx: RequestContext) {
    return this.instructions.requestExtension(ctx, input);
  }

  @Mutation('decideInstructionExtension')
  decideExtension(@Args('input') input: DecideInstructionExtensionInput, @Context() ctx: RequestContext) {
    return this.instructions.decideExtension(ctx, input);
  }

  @Mutation('closeInstruction')
  close(@Args('input') input: CloseInstructionInput, @Context() ctx: RequestContext) {
    return this.instructions.close(ctx, input);
  }

  @ResolveField('incident')
  incident(@Parent() instruction: LeaderInstructionEntity, @Context() ctx: RequestContext) {
    return this.instructions.incident(ctx, instruction);
  }

  @ResolveField('assignments')
  assignments(@Parent() instruction: LeaderInstructionEntity, @Context() ctx: RequestContext) {
    return this.instructions.assignments(ctx, instruction);
  }
}

@Resolver('InstructionAssignment')
export class InstructionAssignmentResolver {
  constructor(private readonly instructions: InstructionService) {}

  @ResolveField('organisation')
  organisation(@Parent() assignment: InstructionAssignmentEntity) {
    return entityRef('Organisation', assignment.organisationId);
  }

  @ResolveField('overdue')
  overdue(@Parent() assignment: InstructionAssignmentEntity) {
    return this.instructions.overdue(assignment);
  }

  @ResolveField('feedback')
  feedback(@Parent() assignment: InstructionAssignmentEntity, @Context() ctx: RequestContext) {
    return this.instructions.feedback(ctx, assignment);
  }

  @ResolveField('extensions')
  extensions(@Parent() assignment: InstructionAssignmentEntity, @Context() ctx: RequestContext) {
    return this.instructions.extensions(ctx, assignment);
  }
}

@Resolver('InstructionFeedback')
export class InstructionFeedbackResolver {
  @ResolveField('byOrganisation')
  byOrganisation(@Parent() feedback: InstructionFeedbackEntity) {
    return entityRef('Organisation', feedback.byOrganisationId);
  }
}

/** Incident.instructions. */
@Resolver('Incident')
export class IncidentInstructionsResolver {
  constructor(private readonly instructions: InstructionService) {}

  @ResolveField('instructions')
  list(
    @Parent() incident: IncidentEntity,
    @Args('first') first: number | undefined,
    @Args('after') after: string | undefined,
    @Context() ctx: RequestContext,
  ) {
    return this.instructions.ofIncident(ctx, incident, { first, after });
  }
}
