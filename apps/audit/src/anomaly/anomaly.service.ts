import { Injectable } from '@nestjs/common';
import { DataSource, type EntityManager } from 'typeorm';
import { AnomalyDismissed, AnomalyFlagged, AnomalyRulesSet } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loadById,
  loaderKey,
  oneOf,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireRole,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  chinaDateOf,
  inJurisdiction,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { readPage, readTimeKey, timeKeyOf, type PageArgs } from '@emergency/paging';
import { transaction } from '@emergency/database';
import { Clock, write } from '@emergency/subgraph';
import { ANOMALY_STATUSES, type AnomalyStatus } from '../follow-up/follow-up';
import { LedgerRepository, type FlowRow } from '../ledger/ledger.repository';
import { ANOMALY_RULE_KEYS, ruleSetProblem, type AnomalyRule, type AnomalyRuleInput } from './anomaly-rules';
import { AnomalyErrorCode, AnomalyException } from './anomaly.exception';
import { AnomalyRepository, type AnomalyRow, type AuditedFund } from './anomaly.repository';

export interface SetAnomalyRulesInput {
  regionPrefix: string;
  rules: AnomalyRuleInput[];
}

export interface AnomalyFilter {
  fundId?: string | null;
  incidentId?: string | null;
  regionCode?: string | null;
  ruleKey?: string | null;
  status?: string | null;
}

/** The rules of a jurisdiction prefix, as queries show them. */
export interface AnomalyRulesModel {
  regionPrefix: string;
  rules: AnomalyRule[];
}

const ANOMALIES = loaderKey<AnomalyRow>('anomalies');
const EVIDENCE_FLOWS = loaderKey<FlowRow>('anomalyEvidenceFlows');

@Injectable()
export class AnomalyService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AnomalyRepository,
    private readonly flows: LedgerRepository,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  // Rules.

  /** The rules in force for a region: those of the longest prefix it starts with that has any. */
  async rulesInForce(regionCode: string): Promise<AnomalyRulesModel> {
    const region = requiredRegionCode(regionCode, 'regionCode');
    const rules = rulesOfMostSpecificPrefix(await this.repository.rulesCovering(region), region);
    return { regionPrefix: rules[0]?.regionPrefix ?? '', rules };
  }

  async setRules(ctx: RequestContext, input: SetAnomalyRulesInput): Promise<AnomalyRulesModel> {
    requireRole(ctx, 'admin');
    if (!/^(\d{2}|\d{4}|\d{6})?$/.test(input.regionPrefix))
      throw badInput('regionPrefix must be empty (national) or 2, 4 or 6 digits', 'regionPrefix');
    const problem = ruleSetProblem(input.rules);
    if (problem)
      throw new AnomalyException(
        AnomalyErrorCode.AnomalyRulesInvalid,
        `${problem.field} ${problem.message}`,
        {
          field: problem.field,
          ruleKey: problem.ruleKey,
        },
      );
    const rules: AnomalyRule[] = ANOMALY_RULE_KEYS.map((key) => {
      const r = input.rules.find((x) => x.ruleKey === key)!;
      return {
        regionPrefix: input.regionPrefix,
        ruleKey: key,
        enabled: r.enabled,
        days: r.days ?? null,
        factor: r.factor ?? null,
        thresholdFen: r.thresholdFen === null || r.thresholdFen === undefined ? null : BigInt(r.thresholdFen),
        source: r.source.trim(),
      };
    });
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      await this.repository.replaceRules(manager, input.regionPrefix, rules, now);
      await this.outbox.publish(
        manager,
        AnomalyRulesSet,
        `anomaly-rules:${input.regionPrefix}`,
        {
          regionPrefix: input.regionPrefix,
          rules: rules.map((r) => ({
            ruleKey: r.ruleKey,
            enabled: r.enabled,
            days: r.days,
            factor: r.factor,
            thresholdFen: r.thresholdFen?.toString() ?? null,
            source: r.source,
          })),
          setAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return { regionPrefix: input.regionPrefix, rules };
    });
  }

  // Detection.

  /**
   * Runs every enabled rule in force for the fund's region over its records on `now`'s China date, inserting each
   * anomaly not flagged before and publishing AnomalyFlagged for it, in `manager`'s transaction.
   */
  async flagFund(
    manager: EntityManager,
    fund: AuditedFund,
    now: Date,
    context: { correlationId: string; actorId?: string },
  ): Promise<AnomalyRow[]> {
    const today = chinaDateOf(now);
    const rules = rulesOfMostSpecificPrefix(
      await this.repository.rulesCovering(fund.regionCode, manager),
      fund.regionCode,
    ).filter((r) => r.enabled);
    const flagged: AnomalyRow[] = [];
    for (const rule of rules) {
      for (const row of await this.repository.flag(manager, rule, fund, today, now)) {
        await this.outbox.publish(
          manager,
          AnomalyFlagged,
          row.fundId ?? row.id,
          {
            anomalyId: row.id,
            ruleKey: row.ruleKey,
            fundId: row.fundId,
            incidentId: row.incidentId,
            regionCode: row.regionCode,
            amountFen: row.amountFen.toString(),
            summary: row.summary,
            evidence: row.evidence.map((e) => ({
              kind: e.kind as 'Flow' | 'GoodsLot' | 'Fund',
              id: e.id,
              note: e.note,
            })),
            detectedAt: now.toISOString(),
          },
          context,
        );
        flagged.push(row);
      }
    }
    return flagged;
  }

  /** Every fund the audit knows, one transaction each; how many anomalies were flagged. */
  async flagAll(now: Date, correlationId: string): Promise<number> {
    let flagged = 0;
    for (const fund of await this.repository.funds()) {
      const rows = await transaction(this.dataSource, (manager) =>
        this.flagFund(manager, fund, now, { correlationId }),
      );
      flagged += rows.length;
    }
    return flagged;
  }

  async detect(ctx: RequestContext, input: { fundId: string }) {
    requireRole(ctx, 'auditor', 'admin');
    const fundId = requiredUuid(input.fundId, 'fundId');
    const fund = await this.repository.fund(fundId);
    if (!fund)
      throw new AnomalyException(
        AnomalyErrorCode.AnomalyFundNotFound,
        `The audit knows no fund ${fundId} with its incident`,
        { field: 'fundId', id: fundId },
      );
    requireJurisdiction(ctx, fund.regionCode, 'fundId');
    const now = this.clock.now();
    const flagged = await write(ctx, this.dataSource, (manager) =>
      this.flagFund(manager, fund, now, eventContext(ctx)),
    );
    return { fundId, flagged };
  }

  // Decisions.

  async dismiss(ctx: RequestContext, input: { anomalyId: string; reason: string }): Promise<AnomalyRow> {
    requireRole(ctx, 'auditor', 'admin');
    const id = requiredUuid(input.anomalyId, 'anomalyId');
    const reason = requiredText(input.reason ?? '', 'reason', 2000);
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const anomaly = await this.repository.lock(manager, id);
      if (!anomaly)
        throw new AnomalyException(AnomalyErrorCode.AnomalyNotFound, `No anomaly ${id}`, {
          field: 'anomalyId',
          id,
        });
      requireJurisdiction(ctx, anomaly.regionCode, 'anomalyId');
      if (anomaly.status !== 'OPEN')
        throw new AnomalyException(
          AnomalyErrorCode.AnomalyAlreadyDecided,
          `Anomaly ${id} is ${anomaly.status}, not OPEN`,
          { field: 'anomalyId', status: anomaly.status },
        );
      const dismissed = await this.repository.dismiss(manager, id, reason, ctx.identity.subject, now);
      await this.outbox.publish(
        manager,
        AnomalyDismissed,
        dismissed.fundId ?? dismissed.id,
        {
          anomalyId: id,
          ruleKey: dismissed.ruleKey,
          regionCode: dismissed.regionCode,
          reason,
          dismissedAt: now.toISOString(),
        },
        eventContext(ctx),
      );
      return dismissed;
    });
  }

  // Reads: auditors and admins, within their jurisdiction.

  async anomaly(ctx: RequestContext, id: string): Promise<AnomalyRow | null> {
    requireRole(ctx, 'auditor', 'admin');
    const row = await loadById(ctx, ANOMALIES, (ids) => this.repository.findByIds(ids), id);
    return row && inJurisdiction(ctx.identity, row.regionCode) ? row : null;
  }

  async anomalies(ctx: RequestContext, filter: AnomalyFilter | null | undefined, args: PageArgs) {
    requireRole(ctx, 'auditor', 'admin');
    const page = readPage(args);
    const region = filter?.regionCode
      ? requiredRegionCode(filter.regionCode, 'filter.regionCode')
      : undefined;
    const prefix = visibleRegionPrefix(ctx.identity, region);
    const status: AnomalyStatus | undefined = filter?.status
      ? oneOf(ANOMALY_STATUSES, filter.status, 'filter.status')
      : undefined;
    const rows =
      prefix === null
        ? []
        : await this.repository.page(
            {
              fundId: filter?.fundId ? requiredUuid(filter.fundId, 'filter.fundId') : undefined,
              incidentId: filter?.incidentId
                ? requiredUuid(filter.incidentId, 'filter.incidentId')
                : undefined,
              regionPrefix: prefix,
              ruleKey: filter?.ruleKey ?? undefined,
              status,
            },
            page.limit + 1,
            readTimeKey(page),
          );
    return toConnection(rows, page, (a) => timeKeyOf(a.detectedAt, a.id));
  }

  /** A flow named as evidence, as the ledger records it; null when the ledger does not hold it (yet). */
  evidenceFlow(ctx: RequestContext, id: string): Promise<FlowRow | null> {
    return loadById(ctx, EVIDENCE_FLOWS, (ids) => this.flows.findFlowsByIds(ids), id);
  }
}
