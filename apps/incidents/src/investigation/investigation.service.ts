import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  InvestigationExtended,
  InvestigationOpened,
  InvestigationReplied,
  InvestigationReplyExtended,
  InvestigationReportSubmitted,
  InvestigationRuleSet,
  RectificationItemCompleted,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  notFound,
  oneOf,
  pastOrToday,
  requireActingFor,
  requiredCalendarDate,
  requiredText,
  requiredUuid,
  requireRole,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  addCalendarDays,
  chinaDateOf,
  EMERGENCY_CATEGORIES,
  inJurisdiction,
  regionPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, write } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import {
  InvestigationEntity,
  InvestigationTeamMemberEntity,
  RectificationItemEntity,
  type InvestigationRuleEntity,
  type InvestigationStatus,
} from './investigation.entity';
import { InvestigationErrorCode, InvestigationException } from './investigation.exception';
import { InvestigationRepository } from './investigation.repository';
import {
  extensionVerdict,
  governmentLevel,
  LEAD_LEVEL_OF_GRADE,
  leadCovers,
  mayLead,
  overdueOn,
  replyExtensionVerdict,
  replyLimit,
  reportDueOn,
} from './investigation-rules';

export interface OpenInvestigationInput {
  incidentId: string;
  leadOrganisationId: string;
  team: { organisationId: string; role: string }[];
  openedOn: string;
}

export interface ExtendInvestigationInput {
  investigationId: string;
  days: number;
  reason: string;
}

export interface ExtendInvestigationReplyInput {
  investigationId: string;
  days: number;
  reason: string;
}

export interface SubmitInvestigationReportInput {
  investigationId: string;
  course: string;
  causes: string;
  losses: string;
  responsibility: string;
  lessons: string;
  measures: { text: string; ownerOrganisationId: string; dueOn: string }[];
  submittedOn: string;
}

export interface RecordInvestigationReplyInput {
  investigationId: string;
  reply: string;
  repliedOn: string;
}

export interface CompleteRectificationItemInput {
  itemId: string;
  evidence: string;
  completedOn: string;
}

export interface SetInvestigationRuleInput {
  regionPrefix: string;
  category?: string | null;
  reportDays: number;
  maxExtensionDays: number;
  replyDays: number;
  gradeIReplyDays: number;
  gradeIReplyExtensionDays: number;
  source: string;
}

const GOVERNMENT = 'GOVERNMENT';
/** The unique index on `investigation.incident_id` (PostgreSQL's name for the column's UNIQUE). */
const ONE_INVESTIGATION_PER_INCIDENT = 'investigation_incident_id_key';
const INVESTIGATIONS = loaderKey<InvestigationEntity>('Investigation');
const TEAMS = loaderKey<InvestigationTeamMemberEntity[]>('Investigation.team');
const ITEMS = loaderKey<RectificationItemEntity[]>('Investigation.rectificationItems');
const OF_INCIDENT = loaderKey<InvestigationEntity[]>('Incident.investigation');
const keyOf = (i: InvestigationEntity) => [i.createdAt.toISOString(), i.id];

@Injectable()
export class InvestigationService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: InvestigationRepository,
    private readonly incidents: IncidentService,
    private readonly outbox: Outbox,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
  ) {}

  private today() {
    return chinaDateOf(this.clock.now());
  }

  private load(ctx: RequestContext, id: string) {
    return loadById(ctx, INVESTIGATIONS, (ids) => this.repository.findByIds(ids), id);
  }

  async get(ctx: RequestContext, id: string): Promise<InvestigationEntity | null> {
    const investigation = await this.load(ctx, id);
    return investigation && inJurisdiction(ctx.identity, investigation.regionCode) ? investigation : null;
  }

  async reference(ctx: RequestContext, id: string): Promise<InvestigationEntity | null> {
    const investigation = await this.load(ctx, id);
    if (!investigation) throw notFound('Investigation', id);
    return inJurisdiction(ctx.identity, investigation.regionCode) ? investigation : null;
  }

  async ofIncident(ctx: RequestContext, incident: IncidentEntity): Promise<InvestigationEntity | null> {
    const rows = await loadGroup(
      ctx,
      OF_INCIDENT,
      (ids) => this.repository.ofIncidents(ids),
      (i) => i.incidentId,
      incident.id,
    );
    return rows[0] ?? null;
  }

  async list(
    ctx: RequestContext,
    filter: { regionCode?: string | null; status?: string | null },
    args: PageArgs,
  ) {
    const page = readPage(args);
    const status = filter.status
      ? oneOf(['OPEN', 'REPORTED', 'REPLIED'] as InvestigationStatus[], filter.status, 'filter.status')
      : undefined;
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.list(
      { regionPrefix: prefix ?? '', status, after: readTimeKey(page) },
      page,
    );
    return toConnection(rows, page, keyOf);
  }

  team(ctx: RequestContext, investigation: InvestigationEntity) {
    return loadGroup(
      ctx,
      TEAMS,
      (ids) => this.repository.teamsOf(ids),
      (t) => t.investigationId,
      investigation.id,
    );
  }

  items(ctx: RequestContext, investigation: InvestigationEntity) {
    return loadGroup(
      ctx,
      ITEMS,
      (ids) => this.repository.itemsOf(ids),
      (r) => r.investigationId,
      investigation.id,
    );
  }

  rules() {
    return this.repository.rules();
  }

  ruleInForce(regionCode: string, category: string) {
    return this.repository.ruleFor(regionCode, oneOf(EMERGENCY_CATEGORIES, category, 'category'));
  }

  async setRule(ctx: RequestContext, input: SetInvestigationRuleInput): Promise<InvestigationRuleEntity> {
    requireRole(ctx, 'admin');
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionPrefix)) {
      throw badInput('regionPrefix must be empty (national) or 2, 4 or 6 digits', 'regionPrefix');
    }
    const category = input.category ? oneOf(EMERGENCY_CATEGORIES, input.category, 'category') : null;
    const days = (value: number, field: string, min: number) => {
      if (!Number.isInteger(value) || value < min || value > 366) {
        throw badInput(`${field} must be a whole number of days from ${min} to 366`, field);
      }
      return value;
    };
    const rule = {
      regionPrefix: input.regionPrefix,
      category,
      reportDays: days(input.reportDays, 'reportDays', 1),
      maxExtensionDays: days(input.maxExtensionDays, 'maxExtensionDays', 0),
      replyDays: days(input.replyDays, 'replyDays', 1),
      gradeIReplyDays: days(input.gradeIReplyDays, 'gradeIReplyDays', 1),
      gradeIReplyExtensionDays: days(input.gradeIReplyExtensionDays, 'gradeIReplyExtensionDays', 0),
      source: requiredText(input.source, 'source', 500),
    };
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.upsertRule(manager, rule);
      await this.outbox.publish(
        manager,
        InvestigationRuleSet,
        // One key per rule, so its replacements stay in order.
        `investigation-rule:${saved.regionPrefix}:${saved.category ?? ''}`,
        {
          regionPrefix: saved.regionPrefix,
          category: saved.category,
          reportDays: saved.reportDays,
          maxExtensionDays: saved.maxExtensionDays,
          replyDays: saved.replyDays,
          gradeIReplyDays: saved.gradeIReplyDays,
          gradeIReplyExtensionDays: saved.gradeIReplyExtensionDays,
          source: saved.source,
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return saved;
    });
  }

  async open(ctx: RequestContext, input: OpenInvestigationInput): Promise<InvestigationEntity> {
    requireWriter(ctx);
    const incident = await this.incidents.require(ctx, requiredUuid(input.incidentId, 'incidentId'));
    const openedOn = pastOrToday(input.openedOn, 'openedOn', this.today());
    const leadId = requiredUuid(input.leadOrganisationId, 'leadOrganisationId');
    const lead = await this.organisations.requireActiveOfType(leadId, GOVERNMENT, 'leadOrganisationId');
    const level = governmentLevel(lead.regionCode);
    if (!mayLead(level, incident.severity)) {
      throw new InvestigationException(
        InvestigationErrorCode.LeadLevelTooLow,
        `a grade ${incident.severity} incident is investigated by the ${LEAD_LEVEL_OF_GRADE[incident.severity]} or higher; ${lead.name} is ${level}`,
        { field: 'leadOrganisationId', required: LEAD_LEVEL_OF_GRADE[incident.severity], actual: level },
      );
    }
    if (!leadCovers(lead.regionCode, incident.regionCode, regionPrefix)) {
      throw new InvestigationException(
        InvestigationErrorCode.LeadOutsideIncidentRegion,
        `${lead.name}'s region ${lead.regionCode} does not cover the incident's ${incident.regionCode}`,
        { field: 'leadOrganisationId', leadRegionCode: lead.regionCode },
      );
    }
    if (!Array.isArray(input.team) || input.team.length === 0) {
      throw badInput('the team needs at least one member', 'team');
    }
    const team = input.team.map((member, i) => ({
      organisationId: requiredUuid(member.organisationId, `team[${i}].organisationId`),
      role: requiredText(member.role, `team[${i}].role`, 200),
    }));
    team.forEach((member, i) => {
      if (team.findIndex((m) => m.organisationId === member.organisationId) !== i) {
        throw badInput('an organisation is named twice in the team', `team[${i}].organisationId`);
      }
    });
    for (const [i, member] of team.entries()) {
      await this.organisations.requireActive(member.organisationId, `team[${i}].organisationId`);
    }
    await this.requireNoInvestigation(incident.id);
    const rule = await this.repository.ruleFor(incident.regionCode, incident.category);
    const reply = replyLimit(incident.severity, rule);
    const id = randomUUID();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        await this.requireNoInvestigation(incident.id, manager);
        const investigation = await this.repository.insert(
          manager,
          {
            id,
            incidentId: incident.id,
            regionCode: incident.regionCode,
            grade: incident.severity,
            leadOrganisationId: lead.id,
            status: 'OPEN',
            openedOn,
            reportDueOn: reportDueOn(openedOn, rule.reportDays),
            maxExtensionDays: rule.maxExtensionDays,
            replyDays: reply.days,
            replyExtensionDays: reply.extensionDays,
            extensionDays: null,
            extensionReason: null,
            submittedOn: null,
            course: null,
            causes: null,
            losses: null,
            responsibility: null,
            lessons: null,
            replyDueOn: null,
            replyExtendedDays: null,
            replyExtensionReason: null,
            replyOverdueAt: null,
            repliedOn: null,
            reply: null,
            reportOverdueAt: null,
          },
          team.map((m) => Object.assign(new InvestigationTeamMemberEntity(), { investigationId: id, ...m })),
        );
        await this.outbox.publish(
          manager,
          InvestigationOpened,
          id,
          {
            ...eventBase(investigation),
            leadOrganisationId: lead.id,
            team,
            openedOn,
            reportDueOn: investigation.reportDueOn,
          },
          eventContext(ctx),
        );
        return investigation;
      },
      {
        forgets: [OF_INCIDENT],
        // A lost race with another opening of the same incident.
        constraints: {
          [ONE_INVESTIGATION_PER_INCIDENT]: () =>
            new InvestigationException(
              InvestigationErrorCode.InvestigationAlreadyOpen,
              `incident ${incident.id} has an investigation already`,
              { field: 'incidentId', investigationId: null },
            ),
        },
      },
    );
  }

  async extend(ctx: RequestContext, input: ExtendInvestigationInput): Promise<InvestigationEntity> {
    requireWriter(ctx);
    const investigationId = requiredUuid(input.investigationId, 'investigationId');
    const reason = requiredText(input.reason, 'reason', 1000);
    const check = (investigation: InvestigationEntity) => {
      requireStatus(investigation, 'OPEN');
      const verdict = extensionVerdict(
        input.days,
        investigation.extensionDays !== null,
        investigation.maxExtensionDays,
      );
      if (verdict === 'ALREADY_EXTENDED') {
        throw new InvestigationException(
          InvestigationErrorCode.InvestigationAlreadyExtended,
          `the report's due date was extended by ${investigation.extensionDays} days already`,
          { field: 'investigationId' },
        );
      }
      if (verdict === 'NOT_POSITIVE') throw badInput('days must be a whole number from 1', 'days');
      if (verdict === 'TOO_LONG') {
        throw new InvestigationException(
          InvestigationErrorCode.ExtensionTooLong,
          `an extension is at most ${investigation.maxExtensionDays} days`,
          { field: 'days', maxDays: investigation.maxExtensionDays },
        );
      }
    };
    check(await this.requireVisible(ctx, investigationId));
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const current = await this.requireVisible(ctx, investigationId, manager);
        check(current);
        const due = addCalendarDays(current.reportDueOn, input.days);
        const investigation = await this.repository.update(manager, current.id, {
          extensionDays: input.days,
          extensionReason: reason,
          reportDueOn: due,
        });
        await this.outbox.publish(
          manager,
          InvestigationExtended,
          current.id,
          { ...eventBase(investigation), days: input.days, reason, reportDueOn: due },
          eventContext(ctx),
        );
        return investigation;
      },
      { forgets: [{ key: INVESTIGATIONS, ids: [investigationId] }, OF_INCIDENT] },
    );
  }

  async submitReport(
    ctx: RequestContext,
    input: SubmitInvestigationReportInput,
  ): Promise<InvestigationEntity> {
    requireWriter(ctx);
    const investigationId = requiredUuid(input.investigationId, 'investigationId');
    const report = {
      course: requiredText(input.course, 'course', 20000),
      causes: requiredText(input.causes, 'causes', 20000),
      losses: requiredText(input.losses, 'losses', 20000),
      responsibility: requiredText(input.responsibility, 'responsibility', 20000),
      lessons: requiredText(input.lessons, 'lessons', 20000),
    };
    const submittedOn = pastOrToday(input.submittedOn, 'submittedOn', this.today());
    if (!Array.isArray(input.measures) || input.measures.length === 0) {
      throw badInput('the report states at least one measure (O493 art. 30)', 'measures');
    }
    const measures = input.measures.map((m, i) => ({
      text: requiredText(m.text, `measures[${i}].text`, 2000),
      ownerOrganisationId: requiredUuid(m.ownerOrganisationId, `measures[${i}].ownerOrganisationId`),
      dueOn: requiredCalendarDate(m.dueOn, `measures[${i}].dueOn`),
    }));
    measures.forEach((m, i) => notBefore(m.dueOn, submittedOn, `measures[${i}].dueOn`));
    for (const [i, m] of measures.entries()) {
      await this.organisations.requireActive(m.ownerOrganisationId, `measures[${i}].ownerOrganisationId`);
    }
    const check = (investigation: InvestigationEntity) => {
      requireStatus(investigation, 'OPEN');
      notBefore(submittedOn, investigation.openedOn, 'submittedOn');
    };
    check(await this.requireVisible(ctx, investigationId));
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const current = await this.requireVisible(ctx, investigationId, manager);
        check(current);
        const replyDueOn = addCalendarDays(submittedOn, current.replyDays);
        const investigation = await this.repository.update(manager, current.id, {
          ...report,
          submittedOn,
          replyDueOn,
          status: 'REPORTED',
        });
        const items = measures.map((m, i) => ({
          id: randomUUID(),
          investigationId: current.id,
          position: i + 1,
          text: m.text,
          ownerOrganisationId: m.ownerOrganisationId,
          dueOn: m.dueOn,
          status: 'OPEN' as const,
          evidence: null,
          completedOn: null,
          overdueAt: null,
        }));
        await this.repository.insertItems(manager, items);
        await this.outbox.publish(
          manager,
          InvestigationReportSubmitted,
          current.id,
          {
            ...eventBase(investigation),
            submittedOn,
            reportDueOn: investigation.reportDueOn,
            late: overdueOn(investigation.reportDueOn, submittedOn),
            replyDueOn,
            measures: items.map((m) => ({
              itemId: m.id,
              text: m.text,
              ownerOrganisationId: m.ownerOrganisationId,
              dueOn: m.dueOn,
            })),
          },
          eventContext(ctx),
        );
        return investigation;
      },
      { forgets: [{ key: INVESTIGATIONS, ids: [investigationId] }, ITEMS, OF_INCIDENT] },
    );
  }

  async recordReply(ctx: RequestContext, input: RecordInvestigationReplyInput): Promise<InvestigationEntity> {
    requireWriter(ctx);
    const investigationId = requiredUuid(input.investigationId, 'investigationId');
    const reply = requiredText(input.reply, 'reply', 20000);
    const repliedOn = pastOrToday(input.repliedOn, 'repliedOn', this.today());
    const check = (investigation: InvestigationEntity) => {
      requireStatus(investigation, 'REPORTED');
      notBefore(repliedOn, investigation.submittedOn ?? investigation.openedOn, 'repliedOn');
    };
    check(await this.requireVisible(ctx, investigationId));
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const current = await this.requireVisible(ctx, investigationId, manager);
        check(current);
        const investigation = await this.repository.update(manager, current.id, {
          reply,
          repliedOn,
          status: 'REPLIED',
        });
        const replyDueOn = investigation.replyDueOn ?? repliedOn;
        await this.outbox.publish(
          manager,
          InvestigationReplied,
          current.id,
          { ...eventBase(investigation), repliedOn, replyDueOn, late: overdueOn(replyDueOn, repliedOn) },
          eventContext(ctx),
        );
        return investigation;
      },
      { forgets: [{ key: INVESTIGATIONS, ids: [investigationId] }, OF_INCIDENT] },
    );
  }

  /** Extends the due date of the government's reply to a grade I report, once (O493 art. 32). */
  async extendReply(ctx: RequestContext, input: ExtendInvestigationReplyInput): Promise<InvestigationEntity> {
    requireWriter(ctx);
    const investigationId = requiredUuid(input.investigationId, 'investigationId');
    const reason = requiredText(input.reason, 'reason', 1000);
    const check = (investigation: InvestigationEntity) => {
      const maxDays = investigation.replyExtensionDays;
      const verdict = replyExtensionVerdict(
        {
          grade: investigation.grade,
          status: investigation.status,
          replyDueOn: investigation.replyDueOn,
          replyExtendedDays: investigation.replyExtendedDays,
          maxDays,
        },
        input.days,
        this.today(),
      );
      const field = 'investigationId';
      switch (verdict) {
        case 'OK':
          return;
        case 'NOT_GRADE_I':
          throw new InvestigationException(
            InvestigationErrorCode.ReplyExtensionNotAllowed,
            `only the reply to a grade I report may be extended; this investigation is grade ${investigation.grade}`,
            { field, grade: investigation.grade },
          );
        case 'NOT_REPORTED':
          return requireStatus(investigation, 'REPORTED');
        case 'ALREADY_EXTENDED':
          throw new InvestigationException(
            InvestigationErrorCode.ReplyAlreadyExtended,
            `the reply's due date was extended by ${investigation.replyExtendedDays} days already`,
            { field, replyExtendedDays: investigation.replyExtendedDays },
          );
        case 'PAST_DUE':
          throw new InvestigationException(
            InvestigationErrorCode.ReplyPastDue,
            `the reply was due on ${investigation.replyDueOn}`,
            { field, replyDueOn: investigation.replyDueOn },
          );
        case 'NOT_POSITIVE':
          throw badInput('days must be a whole number from 1', 'days');
        case 'TOO_LONG':
          throw new InvestigationException(
            InvestigationErrorCode.ExtensionTooLong,
            `the reply may be extended by at most ${maxDays} days`,
            { field: 'days', maxDays },
          );
      }
    };
    check(await this.requireVisible(ctx, investigationId));
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const current = await this.requireVisible(ctx, investigationId, manager);
        check(current);
        const replyDueOn = addCalendarDays(current.replyDueOn as string, input.days);
        const investigation = await this.repository.update(manager, current.id, {
          replyExtendedDays: input.days,
          replyExtensionReason: reason,
          replyDueOn,
        });
        await this.outbox.publish(
          manager,
          InvestigationReplyExtended,
          current.id,
          { ...eventBase(investigation), days: input.days, replyDueOn },
          eventContext(ctx),
        );
        return investigation;
      },
      { forgets: [{ key: INVESTIGATIONS, ids: [investigationId] }, OF_INCIDENT] },
    );
  }

  async completeItem(
    ctx: RequestContext,
    input: CompleteRectificationItemInput,
  ): Promise<RectificationItemEntity> {
    requireWriter(ctx);
    const itemId = requiredUuid(input.itemId, 'itemId');
    const evidence = requiredText(input.evidence, 'evidence', 4000);
    const completedOn = pastOrToday(input.completedOn, 'completedOn', this.today());
    const notFoundItem = () =>
      new InvestigationException(
        InvestigationErrorCode.RectificationItemNotFound,
        `rectification item ${itemId} does not exist or is outside your jurisdiction`,
        { field: 'itemId', id: itemId },
      );
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const item = await this.repository.lockItem(manager, itemId);
        if (!item) throw notFoundItem();
        const [investigation] = await this.repository.findByIds([item.investigationId]);
        if (!inJurisdiction(ctx.identity, investigation.regionCode)) throw notFoundItem();
        requireActingFor(ctx, [item.ownerOrganisationId], 'only its owner organisation completes an item');
        if (item.status === 'DONE') {
          throw new InvestigationException(
            InvestigationErrorCode.RectificationItemDone,
            `rectification item ${itemId} is completed already`,
            { field: 'itemId', id: itemId },
          );
        }
        notBefore(completedOn, investigation.submittedOn ?? investigation.openedOn, 'completedOn');
        const done = await this.repository.updateItem(manager, itemId, {
          status: 'DONE',
          evidence,
          completedOn,
        });
        await this.outbox.publish(
          manager,
          RectificationItemCompleted,
          itemId,
          {
            itemId,
            investigationId: investigation.id,
            incidentId: investigation.incidentId,
            regionCode: investigation.regionCode,
            ownerOrganisationId: item.ownerOrganisationId,
            dueOn: item.dueOn,
            completedOn,
            late: overdueOn(item.dueOn, completedOn),
          },
          eventContext(ctx),
        );
        return done;
      },
      { forgets: [ITEMS] },
    );
  }

  private async requireNoInvestigation(incidentId: string, manager?: EntityManager) {
    const existing = await this.repository.findByIncident(incidentId, manager);
    if (existing) {
      throw new InvestigationException(
        InvestigationErrorCode.InvestigationAlreadyOpen,
        `incident ${incidentId} has an investigation already`,
        { field: 'incidentId', investigationId: existing.id },
      );
    }
  }

  /** The investigation if the caller may see it (locked in `manager` when given), else INVESTIGATION_NOT_FOUND. */
  private async requireVisible(ctx: RequestContext, id: string, manager?: EntityManager) {
    const investigation = manager ? await this.repository.lock(manager, id) : await this.get(ctx, id);
    if (!investigation || !inJurisdiction(ctx.identity, investigation.regionCode)) {
      throw new InvestigationException(
        InvestigationErrorCode.InvestigationNotFound,
        `investigation ${id} does not exist or is outside your jurisdiction`,
        { field: 'investigationId', id },
      );
    }
    return investigation;
  }
}

function requireStatus(investigation: InvestigationEntity, status: 'OPEN' | 'REPORTED') {
  if (investigation.status === status) return;
  const message = `the investigation is ${investigation.status}, not ${status}`;
  const details = { field: 'investigationId', status: investigation.status };
  throw status === 'OPEN'
    ? new InvestigationException(InvestigationErrorCode.InvestigationNotOpen, message, details)
    : new InvestigationException(InvestigationErrorCode.InvestigationNotReported, message, details);
}

function notBefore(date: string, earliest: string, field: string) {
  if (date < earliest) {
    throw new InvestigationException(
      InvestigationErrorCode.DateBeforeStart,
      `${field} ${date} is before ${earliest}`,
      {
        field,
        earliest,
      },
    );
  }
}

function eventBase(investigation: InvestigationEntity) {
  return {
    investigationId: investigation.id,
    incidentId: investigation.incidentId,
    regionCode: investigation.regionCode,
    grade: investigation.grade,
  };
}
