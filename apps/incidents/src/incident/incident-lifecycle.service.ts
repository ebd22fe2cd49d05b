import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import {
  GradingRulesSet,
  IncidentGraded,
  IncidentResponseDeclared,
  IncidentResponseLifted,
  IncidentStatusChanged,
} from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loader,
  loaderKey,
  loadGroup,
  oneOf,
  optionalText,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireRole,
  requireActingFor,
  requireWriter,
  type RequestContext,
} from '@emergency/graphql';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import { EMERGENCY_CATEGORY_TREE, addCalendarDays, chinaDateOf } from '@emergency/domain';
import {
  INCIDENT_CATEGORIES,
  INCIDENT_SEVERITIES,
  type IncidentCategory,
  type IncidentEntity,
  type IncidentSeverity,
  type IncidentStatus,
} from './incident.entity';
import { requiredFigures, type IncidentFigures, type IncidentFiguresInput } from './incident-figures';
import {
  regradingWindowEnd,
  requiredRuleSet,
  rulesInForce,
  suggestGrade,
  type GradingRuleInput,
  type GradingScope,
} from './incident-grading-rules';
import {
  type GradeDecisionKind,
  type GradingRuleEntity,
  type IncidentGradeDecisionEntity,
  type IncidentResponseEntity,
  type IncidentStatusChangeEntity,
} from './incident-lifecycle.entities';
import { ReportDeadlines } from '../report/report-deadlines';
import { ZeroReporting } from '../zero-report/zero-reporting';
import { IncidentLifecycleRepository } from './incident-lifecycle.repository';
import { INCIDENT_STATUSES, requireStatusTransition, type StatusCause } from './incident-rules';
import { IncidentErrorCode, IncidentException } from './incident.exception';
import { IncidentRepository } from './incident.repository';
import { INCIDENTS, IncidentService, requiredSubcategory } from './incident.service';

export interface GradeSuggestionInput {
  category: IncidentCategory;
  subcategory?: string | null;
  regionCode: string;
  figures?: IncidentFiguresInput | null;
}

export interface SetGradingRulesInput {
  regionPrefix: string;
  category: IncidentCategory;
  subcategory?: string | null;
  rules: GradingRuleInput[];
}

export interface DecideIncidentGradeInput {
  incidentId: string;
  grade: IncidentSeverity;
  reason?: string | null;
}

export interface DeclareIncidentResponseInput {
  incidentId: string;
  level: IncidentSeverity;
  declaringOrganisationId: string;
  reason?: string | null;
}

export interface LiftIncidentResponseInput {
  incidentId: string;
  reason: string;
}

export interface ChangeIncidentStatusInput {
  incidentId: string;
  status: IncidentStatus;
  reason: string;
}

/** The rules in force for a region and category, and the prefix they come from. */
export interface GradingRuleSetView {
  regionPrefix: string | null;
  category: IncidentCategory;
  subcategory: string | null;
  rules: (Omit<GradingRuleEntity, 'minimum'> & { minimum: string })[];
}

const shownRules = (rules: readonly GradingRuleEntity[]) =>
  rules.map((r) => ({ ...r, minimum: r.minimum.toString() }));

/** Every rule that may apply to a scope, by the scope's key; one statement for all the incidents of a request. */
const CANDIDATE_RULES = loaderKey<{ id: string; rules: GradingRuleEntity[] }>('Incident.gradingRules');
const DECISIONS = loaderKey<IncidentGradeDecisionEntity[]>('Incident.gradeDecisions');
const RESPONSES = loaderKey<IncidentResponseEntity[]>('Incident.responses');
const STATUS_CHANGES = loaderKey<IncidentStatusChangeEntity[]>('Incident.statusHistory');

const scopeKey = (s: GradingScope) => [s.regionCode, s.category, s.subcategory ?? ''].join('|');
const scopeOf = (key: string): GradingScope => {
  const [regionCode, category, subcategory] = key.split('|');
  return { regionCode, category: category as IncidentCategory, subcategory: subcategory || null };
};

/** An incident's grade, response level and status, and the grading rules they rest on. */
@Injectable()
export class IncidentLifecycleService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: IncidentLifecycleRepository,
    private readonly incidentRows: IncidentRepository,
    private readonly incidents: IncidentService,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
    private readonly reportDeadlines: ReportDeadlines,
    private readonly zeroReporting: ZeroReporting,
  ) {}

  /** The shared emergency category tree, as every domain classifies by it. */
  categories() {
    return EMERGENCY_CATEGORY_TREE.map((c) => ({
      id: c.id,
      zh: c.zh,
      en: c.en,
      subcategories: c.subcategories.map((s) => ({
        id: s.id,
        zh: s.zh,
        en: s.en,
        group: 'group' in s ? s.group : null,
      })),
    }));
  }

  private async rulesFor(ctx: RequestContext, scope: GradingScope) {
    const candidates = await loader(
      ctx,
      CANDIDATE_RULES,
      async (keys) => {
        const rows = await this.repository.candidateRules(keys.map(scopeOf));
        return keys.map((id) => ({ id, rules: rows }));
      },
      (row) => row.id,
    ).load(scopeKey(scope));
    return rulesInForce(candidates?.rules ?? [], scope);
  }

  private async suggest(ctx: RequestContext, scope: GradingScope, figures: IncidentFigures) {
    const { regionPrefix, rules } = await this.rulesFor(ctx, scope);
    return { ...suggestGrade(rules, figures), regionPrefix };
  }

  /** A suggestion as GraphQL shows it: its figures and minimums as decimal strings. */
  private async shownSuggestion(ctx: RequestContext, scope: GradingScope, figures: IncidentFigures) {
    const suggestion = await this.suggest(ctx, scope, figures);
    return {
      ...suggestion,
      reasons: suggestion.reasons.map((r) => ({
        ...r,
        value: r.value.toString(),
        minimum: r.minimum.toString(),
      })),
    };
  }

  /** What grade `input`'s figures suggest where and for what they happened, and why. */
  gradeSuggestion(ctx: RequestContext, input: GradeSuggestionInput) {
    const scope = this.requiredScope(input.regionCode, input.category, input.subcategory, 'regionCode');
    return this.shownSuggestion(ctx, scope, requiredFigures(input.figures, 'figures'));
  }

  /** What an incident's current figures suggest. */
  suggestionOf(ctx: RequestContext, incident: IncidentEntity) {
    return this.shownSuggestion(ctx, scopeOfIncident(incident), incident.figures);
  }

  async gradingRules(
    ctx: RequestContext,
    regionCode: string,
    category: IncidentCategory,
    subcategory?: string | null,
  ): Promise<GradingRuleSetView> {
    const scope = this.requiredScope(regionCode, category, subcategory, 'regionCode');
    const { regionPrefix, rules } = await this.rulesFor(ctx, scope);
    return {
      regionPrefix,
      rules: shownRules(rules),
      category: scope.category,
      subcategory: scope.subcategory,
    };
  }

  /** Admins: replaces a jurisdiction's rule set for a category or subcategory (an empty set removes it). */
  async setGradingRules(ctx: RequestContext, input: SetGradingRulesInput): Promise<GradingRuleSetView> {
    requireRole(ctx, 'admin');
    const regionPrefix = this.requiredRegionPrefix(input.regionPrefix, 'regionPrefix');
    const category = oneOf(INCIDENT_CATEGORIES, input.category, 'category');
    const subcategory = requiredSubcategory(category, input.subcategory);
    const criteria = requiredRuleSet(input.rules ?? [], 'rules', (message, field) => {
      return new IncidentException(IncidentErrorCode.GradingRulesOutOfOrder, message, { field });
    });
    const now = this.clock.now();
    const rules = await write(
      ctx,
      this.dataSource,
      async (manager) => {
        const saved = await this.repository.replaceRules(
          manager,
          { regionPrefix, category, subcategory },
          criteria,
        );
        await this.outbox.publish(
          manager,
          GradingRulesSet,
          // One key per rule set, so its replacements stay in order.
          `grading-rules:${regionPrefix}:${category}:${subcategory ?? ''}`,
          {
            regionPrefix,
            category,
            subcategory,
            rules: criteria.map((c) => ({ ...c, minimum: c.minimum.toString() })),
            setAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return saved;
      },
      { forgets: [CANDIDATE_RULES] },
    );
    return {
      regionPrefix: rules.length ? regionPrefix : null,
      category,
      subcategory,
      rules: shownRules(rules),
    };
  }

  /**
   * Decides an incident's grade: the first decision confirms the suggestion of its current figures (reason
   * optional) or overrides it (reason required); later ones regrade, within the regrading window after it occurred.
   */
  async decideGrade(ctx: RequestContext, input: DecideIncidentGradeInput): Promise<IncidentEntity> {
    requireWriter(ctx);
    const id = requiredUuid(input.incidentId, 'incidentId');
    const grade = oneOf(INCIDENT_SEVERITIES, input.grade, 'grade');
    const reason = optionalText(input.reason, 'reason', 2000);
    await this.incidents.require(ctx, id);
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const incident = await this.lockOpen(manager, id);
        const suggestion = await this.suggest(ctx, scopeOfIncident(incident), incident.figures);
        const regrading = await this.repository.hasGradeDecision(manager, incident.id);
        if (regrading) await this.requireRegradingWindow(manager, incident, now);
        if (grade !== suggestion.grade && !reason) {
          throw new IncidentException(
            IncidentErrorCode.GradeReasonRequired,
            suggestion.grade
              ? `grade ${grade} differs from the grade ${suggestion.grade} its figures suggest: give a reason`
              : `its figures suggest no grade under the rules in force: give a reason for grade ${grade}`,
            { field: 'reason', suggestedGrade: suggestion.grade },
          );
        }
        const kind: GradeDecisionKind = regrading
          ? 'REGRADED'
          : grade === suggestion.grade
            ? 'CONFIRMED'
            : 'OVERRIDDEN';
        const previousGrade = incident.severity;
        await this.repository.insertDecision(manager, {
          id: randomUUID(),
          incidentId: incident.id,
          grade,
          previousGrade,
          suggestedGrade: suggestion.grade,
          kind,
          reason,
          decidedBy: ctx.identity.subject,
          decidedAt: now,
        });
        await this.repository.setSeverity(manager, incident, grade);
        await this.outbox.publish(
          manager,
          IncidentGraded,
          incident.id,
          {
            ...eventKey(incident),
            grade,
            previousGrade,
            suggestedGrade: suggestion.grade,
            decisionKind: kind,
            decidedAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        return incident;
      },
      { forgets: [{ key: INCIDENTS, ids: [id] }] },
    );
  }

  /** Declares a response level, or raises or lowers the one in force; the incident is RESPONDING from then on. */
  async declareResponse(ctx: RequestContext, input: DeclareIncidentResponseInput): Promise<IncidentEntity> {
    requireWriter(ctx);
    const id = requiredUuid(input.incidentId, 'incidentId');
    const level = oneOf(INCIDENT_SEVERITIES, input.level, 'level');
    const organisationId = requiredUuid(input.declaringOrganisationId, 'declaringOrganisationId');
    requireActingFor(ctx, [organisationId], 'a response is declared by the organisation declaring it');
    const reason = optionalText(input.reason, 'reason', 2000);
    await this.incidents.require(ctx, id);
    await this.organisations.requireActive(organisationId, 'declaringOrganisationId');
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const incident = await this.lockOpen(manager, id);
        const current = await this.repository.activeResponse(manager, incident.id);
        if (current?.level === level) {
          throw new IncidentException(
            IncidentErrorCode.ResponseLevelUnchanged,
            `response level ${level} is already in force`,
            { field: 'level', level },
          );
        }
        if (current) {
          await this.repository.closeResponse(manager, current, {
            liftedAt: now,
            liftedBy: ctx.identity.subject,
            liftReason: `Changed to level ${level}`,
          });
        }
        await this.repository.insertResponse(manager, {
          id: randomUUID(),
          incidentId: incident.id,
          level,
          declaringOrganisationId: organisationId,
          reason,
          declaredAt: now,
          declaredBy: ctx.identity.subject,
          liftedAt: null,
          liftedBy: null,
          liftReason: null,
        });
        await this.outbox.publish(
          manager,
          IncidentResponseDeclared,
          incident.id,
          {
            ...eventKey(incident),
            level,
            previousLevel: current?.level ?? null,
            declaringOrganisationId: organisationId,
            declaredAt: now.toISOString(),
          },
          eventContext(ctx),
        );
        if (!current && !(await this.zeroReporting.isGoingOn(manager, incident.id))) {
          // Units in the incident's region zero-report daily from the next day (a day's report is due that morning),
          // unless the duty office already has them reporting.
          await this.zeroReporting.openForResponse(
            manager,
            incident,
            addCalendarDays(chinaDateOf(now), 1),
            eventContext(ctx),
          );
        }
        if (incident.status !== 'RESPONDING') {
          await this.moveStatus(
            ctx,
            manager,
            incident,
            'RESPONDING',
            'DECLARED',
            `Response level ${level} declared`,
            now,
          );
        }
        return incident;
      },
      { forgets: [{ key: INCIDENTS, ids: [id] }] },
    );
  }

  /** Lifts the response in force; a RESPONDING incident moves to RECOVERY. */
  async liftResponse(ctx: RequestContext, input: LiftIncidentResponseInput): Promise<IncidentEntity> {
    requireWriter(ctx);
    const id = requiredUuid(input.incidentId, 'incidentId');
    const reason = requiredText(input.reason, 'reason', 2000);
    await this.incidents.require(ctx, id);
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const incident = await this.lock(manager, id);
        const current = await this.repository.activeResponse(manager, incident.id);
        if (!current) {
          throw new IncidentException(IncidentErrorCode.NoActiveResponse, 'no response is in force', {
            field: 'incidentId',
          });
        }
        await this.repository.closeResponse(manager, current, {
          liftedAt: now,
          liftedBy: ctx.identity.subject,
          liftReason: reason,
        });
        await this.outbox.publish(
          manager,
          IncidentResponseLifted,
          incident.id,
          {
            ...eventKey(incident),
            level: current.level,
            declaringOrganisationId: current.declaringOrganisationId,
            declaredAt: current.declaredAt.toISOString(),
            liftedAt: now.toISOString(),
            reason,
          },
          eventContext(ctx),
        );
        await this.moveStatus(ctx, manager, incident, 'RECOVERY', 'LIFTED', reason, now);
        // The verified report (核报) is owed once the disaster has stabilised.
        await this.reportDeadlines.openVerified(manager, incident, now);
        await this.zeroReporting.closeForIncident(manager, incident.id, chinaDateOf(now));
        return incident;
      },
      { forgets: [{ key: INCIDENTS, ids: [id] }] },
    );
  }

  /** A decided move: to RECOVERY from REPORTED, to CLOSED from REPORTED or RECOVERY. */
  async changeStatus(ctx: RequestContext, input: ChangeIncidentStatusInput): Promise<IncidentEntity> {
    requireWriter(ctx);
    const id = requiredUuid(input.incidentId, 'incidentId');
    const status = oneOf(INCIDENT_STATUSES, input.status, 'status');
    const reason = requiredText(input.reason, 'reason', 2000);
    await this.incidents.require(ctx, id);
    const now = this.clock.now();
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const incident = await this.lock(manager, id);
        await this.moveStatus(ctx, manager, incident, status, 'DECIDED', reason, now);
        return incident;
      },
      { forgets: [{ key: INCIDENTS, ids: [id] }] },
    );
  }

  gradeDecisions(ctx: RequestContext, incident: IncidentEntity) {
    return loadGroup(
      ctx,
      DECISIONS,
      (ids) => this.repository.decisionsOf(ids),
      (d) => d.incidentId,
      incident.id,
    );
  }

  responses(ctx: RequestContext, incident: IncidentEntity) {
    return loadGroup(
      ctx,
      RESPONSES,
      (ids) => this.repository.responsesOf(ids),
      (r) => r.incidentId,
      incident.id,
    );
  }

  async responseLevel(ctx: RequestContext, incident: IncidentEntity): Promise<IncidentSeverity | null> {
    const responses = await this.responses(ctx, incident);
    return responses.find((r) => r.liftedAt === null)?.level ?? null;
  }

  statusHistory(ctx: RequestContext, incident: IncidentEntity) {
    return loadGroup(
      ctx,
      STATUS_CHANGES,
      (ids) => this.repository.statusChangesOf(ids),
      (s) => s.incidentId,
      incident.id,
    );
  }

  private async moveStatus(
    ctx: RequestContext,
    manager: EntityManager,
    incident: IncidentEntity,
    to: IncidentStatus,
    cause: StatusCause,
    reason: string,
    now: Date,
  ) {
    const from = incident.status;
    requireStatusTransition(from, to, cause);
    await this.repository.changeStatus(manager, incident, {
      to,
      reason,
      changedBy: ctx.identity.subject,
      changedAt: now,
    });
    await this.outbox.publish(
      manager,
      IncidentStatusChanged,
      incident.id,
      { ...eventKey(incident), from, to, reason, changedAt: now.toISOString() },
      eventContext(ctx),
    );
  }

  private async lock(manager: EntityManager, id: string): Promise<IncidentEntity> {
    const incident = await this.incidentRows.lock(manager, id);
    if (!incident) {
      throw new IncidentException(IncidentErrorCode.IncidentNotFound, `incident ${id} does not exist`, {
        field: 'incidentId',
        id,
      });
    }
    return incident;
  }

  /** The incident locked, or INCIDENT_CLOSED when it is closed. */
  private async lockOpen(manager: EntityManager, id: string): Promise<IncidentEntity> {
    const incident = await this.lock(manager, id);
    if (incident.status === 'CLOSED') {
      throw new IncidentException(IncidentErrorCode.IncidentClosed, `incident ${id} is closed`, {
        field: 'incidentId',
      });
    }
    return incident;
  }

  /** GRADE_WINDOW_CLOSED once the regrading window in force for the incident has passed (none: no limit). */
  private async requireRegradingWindow(manager: EntityManager, incident: IncidentEntity, now: Date) {
    const window = await this.repository.regradingWindow(scopeOfIncident(incident), manager);
    if (!window) return;
    const end = regradingWindowEnd(incident.occurredAt, window.days);
    if (now.getTime() > end.getTime()) {
      throw new IncidentException(
        IncidentErrorCode.GradeWindowClosed,
        `the grade could be changed until ${end.toISOString()} (${window.days} days after the incident; ${window.source})`,
        { field: 'grade', windowEnd: end.toISOString() },
      );
    }
  }

  private requiredScope(
    regionCode: string,
    category: string,
    subcategory: string | null | undefined,
    field: string,
  ): GradingScope {
    const checkedCategory = oneOf(INCIDENT_CATEGORIES, category, 'category');
    const checkedSubcategory = requiredSubcategory(checkedCategory, subcategory);
    const code = requiredRegionCode(regionCode, field);
    this.regions.require(code, field);
    return { regionCode: code, category: checkedCategory, subcategory: checkedSubcategory };
  }

  /** '' (national) or a province's, prefecture's or county's code prefix: 42, 4211, 421121. */
  private requiredRegionPrefix(prefix: string, field: string): string {
    if (prefix === '') return prefix;
    if (!/^(\d{2}){1,3}$/.test(prefix) || prefix.endsWith('00')) {
      throw badInput(`${field} must be '' or a region code prefix such as 42, 4211 or 421121`, field);
    }
    this.regions.require(prefix.padEnd(6, '0'), field);
    return prefix;
  }
}

const scopeOfIncident = (incident: IncidentEntity): GradingScope => ({
  regionCode: incident.regionCode,
  category: incident.category,
  subcategory: incident.subcategory,
});

const eventKey = (incident: IncidentEntity) => ({
  incidentId: incident.id,
  regionCode: incident.regionCode,
  category: incident.category,
  subcategory: incident.subcategory,
});
