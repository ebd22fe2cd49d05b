import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource } from 'typeorm';
import {
  InstructionClosed,
  InstructionFeedbackSubmitted,
  InstructionRuleSet,
  LeaderInstructionRecorded,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  CommonErrorCode,
  eventContext,
  loadById,
  loadGroup,
  loadPage,
  loaderKey,
  optionalText,
  optionalUuid,
  requireActingFor,
  requireJurisdiction,
  requireRole,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import { inJurisdiction, regionPrefix, visibleRegionPrefix } from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import type {
  InstructionAssignmentEntity,
  InstructionExtensionEntity,
  InstructionFeedbackEntity,
  InstructionRuleEntity,
  LeaderInstructionEntity,
} from './instruction.entity';
import {
  defaultFeedbackDue,
  instructionRuleFor,
  isOverdue,
  mayRequestExtension,
  statusAfterFeedback,
  withoutFeedback,
} from './instruction-rules';
import { InstructionErrorCode, InstructionException } from './instruction.exception';
import { InstructionRepository } from './instruction.repository';

export interface RecordLeaderInstructionInput {
  incidentId: string;
  reportId?: string | null;
  leaderTitle: string;
  text: string;
  givenAt: Date;
  assignments: { organisationId: string; feedbackDueAt?: Date | null }[];
}

export interface SubmitInstructionFeedbackInput {
  assignmentId: string;
  text: string;
  final: boolean;
}

export interface RequestInstructionExtensionInput {
  assignmentId: string;
  newDueAt: Date;
  reason: string;
}

export interface DecideInstructionExtensionInput {
  extensionId: string;
  grant: boolean;
}

export interface CloseInstructionInput {
  instructionId: string;
  reason?: string | null;
}

export interface SetInstructionRuleInput {
  regionCode?: string | null;
  feedbackWorkingDays: number;
  source: string;
}

const INSTRUCTIONS = loaderKey<LeaderInstructionEntity>('LeaderInstruction');
const INSTRUCTIONS_OF_INCIDENT = loaderKey<LeaderInstructionEntity[]>('Incident.instructions');
const ASSIGNMENTS = loaderKey<InstructionAssignmentEntity[]>('LeaderInstruction.assignments');
const FEEDBACK = loaderKey<InstructionFeedbackEntity[]>('InstructionAssignment.feedback');
const EXTENSIONS = loaderKey<InstructionExtensionEntity[]>('InstructionAssignment.extensions');
const keyOf = (i: LeaderInstructionEntity) => timeKeyOf(i.givenAt, i.id);

const notFound = (field: string, id: string) =>
  new InstructionException(
    InstructionErrorCode.InstructionNotFound,
    `${id} does not exist or is outside your jurisdiction`,
    { field, id },
  );
const closed = (field: string) =>
  new InstructionException(InstructionErrorCode.InstructionClosed, 'the instruction has been closed', {
    field,
  });

/** The duty office: admins, or a region's own desk (a caller acting for no one organisation). */
const requireDutyOffice = (ctx: RequestContext, what: string) =>
  requireActingFor(ctx, [], `${what} is for the duty office`);

/**
 * Leader instructions (批示): logged on an incident, passed to organisations with a feedback deadline (data:
 * instruction_rule, in working days), feedback, extensions asked before the deadline, and closing by the duty
 * office.
 */
@Injectable()
export class InstructionService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InstructionRepository,
    private readonly incidents: IncidentService,
    private readonly organisations: KnownOrganisations,
    private readonly regions: RegionScope,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  async rule(regionCode: string): Promise<InstructionRuleEntity> {
    const code = requiredRegionCode(regionCode, 'regionCode');
    return instructionRuleFor(await this.repository.rules(), code)!;
  }

  async setRule(ctx: RequestContext, input: SetInstructionRuleInput) {
    requireRole(ctx, 'admin');
    const prefix = input.regionCode ? regionPrefix(requiredRegionCode(input.regionCode, 'regionCode')) : '';
    if (input.regionCode) this.regions.require(input.regionCode, 'regionCode');
    const days = input.feedbackWorkingDays;
    if (!Number.isInteger(days) || days < 1 || days > 60) {
      throw badInput('feedbackWorkingDays must be 1 to 60', 'feedbackWorkingDays');
    }
    const source = requiredText(input.source, 'source', 500);
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.setRule(manager, {
        regionPrefix: prefix,
        feedbackWorkingDays: days,
        source,
      });
      await this.outbox.publish(
        manager,
        InstructionRuleSet,
        // One key per jurisdiction, so its replacements stay in order.
        `instruction-rule:${prefix}`,
        {
          regionPrefix: saved.regionPrefix,
          feedbackWorkingDays: saved.feedbackWorkingDays,
          source: saved.source,
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async get(ctx: RequestContext, id: string): Promise<LeaderInstructionEntity | null> {
    const instruction = await loadById(ctx, INSTRUCTIONS, (ids) => this.repository.findByIds(ids), id);
    return instruction && inJurisdiction(ctx.identity, instruction.regionCode) ? instruction : null;
  }

  private async requireInstruction(ctx: RequestContext, id: string, field: string) {
    const instruction = await this.get(ctx, requiredUuid(id, field));
    if (!instruction) throw notFound(field, id);
    return instruction;
  }

  /** An assignment and its instruction, seen by the jurisdiction of the instruction or its assignee. */
  private async requireAssignment(ctx: RequestContext, id: string, field: string) {
    const assignment = await this.repository.findAssignment(requiredUuid(id, field));
    const [instruction] = assignment ? await this.repository.findByIds([assignment.instructionId]) : [];
    if (
      !assignment ||
      !instruction ||
      !(
        inJurisdiction(ctx.identity, instruction.regionCode) ||
        ctx.identity.organisationId === assignment.organisationId
      )
    ) {
      throw notFound(field, id);
    }
    return { assignment, instruction };
  }

  async record(ctx: RequestContext, input: RecordLeaderInstructionInput): Promise<LeaderInstructionEntity> {
    requireWriter(ctx);
    requireDutyOffice(ctx, 'logging a leader instruction');
    const incident = await this.incidents.require(ctx, requiredUuid(input.incidentId, 'incidentId'));
    requireJurisdiction(ctx, incident.regionCode, 'incidentId');
    const reportId = optionalUuid(input.reportId, 'reportId') ?? null;
    const leaderTitle = requiredText(input.leaderTitle, 'leaderTitle', 50);
    const text = requiredText(input.text, 'text', 4000);
    const givenAt = input.givenAt;
    const now = this.clock.now();
    if (givenAt.getTime() > now.getTime()) {
      throw new InstructionException(CommonErrorCode.DateInFuture, 'givenAt is in the future', {
        field: 'givenAt',
      });
    }
    if (input.assignments.length === 0 || input.assignments.length > 50) {
      throw badInput('assignments must name 1 to 50 organisations', 'assignments');
    }
    const seen = new Set<string>();
    const wanted = input.assignments.map((a, i) => {
      const organisationId = requiredUuid(a.organisationId, `assignments[${i}].organisationId`);
      if (seen.has(organisationId)) {
        throw new InstructionException(
          InstructionErrorCode.AssignmentDuplicated,
          `organisation ${organisationId} is assigned twice`,
          { field: `assignments[${i}].organisationId` },
        );
      }
      seen.add(organisationId);
      if (a.feedbackDueAt && a.feedbackDueAt.getTime() <= givenAt.getTime()) {
        throw new InstructionException(
          InstructionErrorCode.FeedbackDueBeforeGiven,
          'a feedback deadline must come after the instruction was given',
          { field: `assignments[${i}].feedbackDueAt` },
        );
      }
      return { organisationId, feedbackDueAt: a.feedbackDueAt ?? null };
    });
    for (const [i, a] of wanted.entries()) {
      await this.organisations.requireActive(a.organisationId, `assignments[${i}].organisationId`);
    }
    return write(ctx, this.dataSource, async (manager) => {
      const rule = instructionRuleFor(await this.repository.rules(manager), incident.regionCode)!;
      const id = randomUUID();
      const assignments: InstructionAssignmentEntity[] = wanted.map((a, position) => ({
        id: randomUUID(),
        instructionId: id,
        position,
        organisationId: a.organisationId,
        dueAt: a.feedbackDueAt ?? defaultFeedbackDue(givenAt, rule.feedbackWorkingDays),
        status: 'OPEN',
        overdueAt: null,
      }));
      const saved = await this.repository.insert(
        manager,
        {
          id,
          incidentId: incident.id,
          reportId,
          regionCode: incident.regionCode,
          leaderTitle,
          text,
          givenAt,
          closedAt: null,
          closeReason: null,
        },
        assignments,
      );
      await this.outbox.publish(
        manager,
        LeaderInstructionRecorded,
        incident.id,
        {
          instructionId: id,
          incidentId: incident.id,
          reportId,
          regionCode: incident.regionCode,
          leaderTitle,
          givenAt: givenAt.toISOString(),
          assignments: assignments.map((a) => ({
            assignmentId: a.id,
            organisationId: a.organisationId,
            feedbackDueAt: a.dueAt.toISOString(),
          })),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async submitFeedback(ctx: RequestContext, input: SubmitInstructionFeedbackInput) {
    requireWriter(ctx);
    const { assignment, instruction } = await this.requireAssignment(ctx, input.assignmentId, 'assignmentId');
    requireActingFor(ctx, [assignment.organisationId], 'feedback is given by the assigned organisation');
    const text = requiredText(input.text, 'text', 4000);
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.repository.lock(manager, instruction.id);
        if (locked!.closedAt) throw closed('assignmentId');
        const current = (await this.repository.findAssignment(assignment.id, manager))!;
        if (current.status !== 'OPEN') {
          throw new InstructionException(
            InstructionErrorCode.FeedbackAlreadyFinal,
            'the organisation has already given its final feedback',
            { field: 'assignmentId' },
          );
        }
        const feedback = await this.repository.insertFeedback(manager, {
          id: randomUUID(),
          assignmentId: current.id,
          text,
          final: input.final,
          at: now,
          byOrganisationId: ctx.identity.organisationId ?? null,
        });
        await this.repository.updateAssignment(manager, current.id, {
          status: statusAfterFeedback(input.final),
        });
        await this.outbox.publish(
          manager,
          InstructionFeedbackSubmitted,
          instruction.incidentId,
          {
            instructionId: instruction.id,
            assignmentId: current.id,
            feedbackId: feedback.id,
            organisationId: current.organisationId,
            regionCode: instruction.regionCode,
            final: input.final,
            submittedAt: now.toISOString(),
            feedbackDueAt: current.dueAt.toISOString(),
            late: now.getTime() > current.dueAt.getTime(),
          },
          eventContext(ctx),
        );
        return feedback;
      },
      { forgets: [ASSIGNMENTS] },
    );
  }

  async requestExtension(ctx: RequestContext, input: RequestInstructionExtensionInput) {
    requireWriter(ctx);
    const { assignment, instruction } = await this.requireAssignment(ctx, input.assignmentId, 'assignmentId');
    requireActingFor(
      ctx,
      [assignment.organisationId],
      'an extension is asked for by the assigned organisation',
    );
    const reason = requiredText(input.reason, 'reason', 1000);
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const locked = await this.repository.lock(manager, instruction.id);
      if (locked!.closedAt) throw closed('assignmentId');
      const current = (await this.repository.findAssignment(assignment.id, manager))!;
      if (current.status !== 'OPEN') {
        throw new InstructionException(
          InstructionErrorCode.FeedbackAlreadyFinal,
          'the organisation has already given its final feedback',
          { field: 'assignmentId' },
        );
      }
      if (!mayRequestExtension(now, current.dueAt)) {
        throw new InstructionException(
          InstructionErrorCode.ExtensionTooLate,
          `the feedback deadline ${current.dueAt.toISOString()} has passed`,
          { field: 'assignmentId', dueAt: current.dueAt.toISOString() },
        );
      }
      if (input.newDueAt.getTime() <= current.dueAt.getTime()) {
        throw new InstructionException(
          InstructionErrorCode.ExtensionNotLater,
          'the new deadline must come after the deadline in force',
          { field: 'newDueAt', dueAt: current.dueAt.toISOString() },
        );
      }
      if (await this.repository.pendingExtension(manager, current.id)) {
        throw new InstructionException(
          InstructionErrorCode.ExtensionPending,
          'an extension request awaits a decision',
          { field: 'assignmentId' },
        );
      }
      return this.repository.insertExtension(manager, {
        id: randomUUID(),
        assignmentId: current.id,
        requestedAt: now,
        previousDueAt: current.dueAt,
        newDueAt: input.newDueAt,
        reason,
        status: 'PENDING',
        decidedAt: null,
      });
    });
  }

  async decideExtension(ctx: RequestContext, input: DecideInstructionExtensionInput) {
    requireWriter(ctx);
    requireDutyOffice(ctx, 'deciding an extension');
    const extension = await this.repository.findExtension(requiredUuid(input.extensionId, 'extensionId'));
    if (!extension) throw notFound('extensionId', input.extensionId);
    const { instruction } = await this.requireAssignment(ctx, extension.assignmentId, 'extensionId');
    requireJurisdiction(ctx, instruction.regionCode, 'extensionId');
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = await this.repository.lock(manager, instruction.id);
        if (locked!.closedAt) throw closed('extensionId');
        const current = (await this.repository.findExtension(extension.id, manager))!;
        if (current.status !== 'PENDING') {
          throw new InstructionException(
            InstructionErrorCode.ExtensionDecided,
            `the extension was already ${current.status.toLowerCase()}`,
            { field: 'extensionId' },
          );
        }
        await this.repository.decideExtension(manager, current.id, input.grant, now);
        if (input.grant) {
          // The new deadline is the one in force; a deadline passed while the request waited is marked again.
          await this.repository.updateAssignment(manager, current.assignmentId, {
            dueAt: current.newDueAt,
            overdueAt: null,
          });
        }
        return { ...current, status: input.grant ? 'GRANTED' : 'REFUSED', decidedAt: now };
      },
      { forgets: [ASSIGNMENTS] },
    );
  }

  async close(ctx: RequestContext, input: CloseInstructionInput) {
    requireWriter(ctx);
    requireDutyOffice(ctx, 'closing a leader instruction');
    const instruction = await this.requireInstruction(ctx, input.instructionId, 'instructionId');
    requireJurisdiction(ctx, instruction.regionCode, 'instructionId');
    const reason = optionalText(input.reason, 'reason', 1000);
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const locked = (await this.repository.lock(manager, instruction.id))!;
        if (locked.closedAt) throw closed('instructionId');
        const missing = withoutFeedback(await this.repository.assignmentsOf([locked.id], manager));
        if (missing.length > 0 && !reason) {
          throw new InstructionException(
            InstructionErrorCode.InstructionFeedbackMissing,
            `${missing.length} assigned organisation(s) gave no final feedback: give a reason to close it`,
            { field: 'reason', organisationIds: missing },
          );
        }
        await this.repository.closeAll(manager, locked.id, now, reason);
        await this.outbox.publish(
          manager,
          InstructionClosed,
          locked.incidentId,
          {
            instructionId: locked.id,
            incidentId: locked.incidentId,
            regionCode: locked.regionCode,
            closedAt: now.toISOString(),
            withoutFeedbackFrom: missing,
          },
          eventContext(ctx),
        );
        return { ...locked, closedAt: now, closeReason: reason };
      },
      { forgets: [{ key: INSTRUCTIONS, ids: [instruction.id] }, ASSIGNMENTS] },
    );
  }

  /** The duty officer's list: instructions not closed, within `regionCode` (past a deadline when `overdueOnly`). */
  async open(ctx: RequestContext, args: { regionCode: string; overdueOnly?: boolean | null } & PageArgs) {
    const page = readPage(args);
    const code = requiredRegionCode(args.regionCode, 'regionCode');
    const prefix = visibleRegionPrefix(ctx.identity, code);
    if (prefix === null) return toConnection<LeaderInstructionEntity>([], page, keyOf);
    const rows = await this.repository.list(
      { regionPrefix: prefix, openOnly: true, overdueAt: args.overdueOnly ? this.clock.now() : undefined },
      page,
      readTimeKey(page),
    );
    return toConnection(rows, page, keyOf);
  }

  /** An incident's instructions, newest given first (the incident is visible to the caller already). */
  async ofIncident(ctx: RequestContext, incident: IncidentEntity, args: PageArgs) {
    const page = readPage(args);
    const rows = await loadPage(ctx, INSTRUCTIONS_OF_INCIDENT, page, incident.id, {
      firstPages: (incidentIds, limit) => this.repository.firstOfIncidents(incidentIds, limit),
      parentOf: (i) => i.incidentId,
      nextPage: () => this.repository.list({ incidentId: incident.id }, page, readTimeKey(page)),
    });
    return toConnection(rows, page, keyOf);
  }

  assignments(ctx: RequestContext, instruction: LeaderInstructionEntity) {
    return loadGroup(
      ctx,
      ASSIGNMENTS,
      (ids) => this.repository.assignmentsOf(ids),
      (a) => a.instructionId,
      instruction.id,
    );
  }

  feedback(ctx: RequestContext, assignment: InstructionAssignmentEntity) {
    return loadGroup(
      ctx,
      FEEDBACK,
      (ids) => this.repository.feedbackOf(ids),
      (f) => f.assignmentId,
      assignment.id,
    );
  }

  extensions(ctx: RequestContext, assignment: InstructionAssignmentEntity) {
    return loadGroup(
      ctx,
      EXTENSIONS,
      (ids) => this.repository.extensionsOf(ids),
      (e) => e.assignmentId,
      assignment.id,
    );
  }

  incident(ctx: RequestContext, instruction: LeaderInstructionEntity) {
    return this.incidents.get(ctx, instruction.incidentId);
  }

  overdue(assignment: InstructionAssignmentEntity) {
    return isOverdue(assignment, this.clock.now());
  }
}
