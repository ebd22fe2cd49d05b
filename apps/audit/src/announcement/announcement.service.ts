import { Injectable } from '@nestjs/common';
import { requireRole, toConnection, type RequestContext } from '@emergency/graphql';
import { inJurisdiction, jurisdictionPrefix } from '@emergency/domain';
import { afterKey, readPage, type PageArgs } from '@emergency/paging';
import { Clock } from '@emergency/subgraph';
import { LedgerRepository } from '../ledger/ledger.repository';
import {
  findingCells,
  moneyCells,
  toCsv,
  toJson,
  type Cell,
  type ExportedFigure,
} from './announcement-rules';
import { AnnouncementRepository, type AnnouncementScope } from './announcement.repository';

/** One figure of the table: its cell, what it sums to and, for findings and recommendations, how many. */
export interface FigureModel {
  cell: Cell;
  scope: AnnouncementScope;
  amountFen: bigint;
  count: number | null;
}

export interface AnnouncementModel {
  scope: AnnouncementScope;
  figures: FigureModel[];
}

const exported = (f: FigureModel): ExportedFigure => ({
  section: f.cell.section,
  key: f.cell.key,
  zh: f.cell.zh,
  en: f.cell.en,
  organisationId: f.cell.kind === 'MONEY' ? (f.cell.organisationId ?? null) : null,
  amountFen: f.amountFen,
  count: f.count,
});

@Injectable()
export class AnnouncementService {
  constructor(
    private readonly repository: AnnouncementRepository,
    private readonly ledger: LedgerRepository,
    private readonly clock: Clock,
  ) {}

  /**
   * The announcement table of an incident's money as of `asOf` (now when not given), for auditors and admins; null
   * when the audit has not seen the incident or it lies outside the caller's jurisdiction.
   */
  async announcement(
    ctx: RequestContext,
    incidentId: string,
    asOf?: Date,
  ): Promise<AnnouncementModel | null> {
    requireRole(ctx, 'auditor', 'admin');
    const region = await this.repository.incidentRegion(incidentId);
    if (!region || (jurisdictionPrefix(ctx.identity) && !inJurisdiction(ctx.identity, region))) return null;
    return this.table({ incidentId, asOf: asOf ?? this.clock.now() });
  }

  /**
   * The same figures for any signed-in caller, as published: no drill-down to flows or findings, so no names of
   * contributors, payees or households and nothing at household level. Null when the audit has not seen the incident.
   */
  async publicAnnouncement(incidentId: string, asOf?: Date): Promise<AnnouncementModel | null> {
    if (!(await this.repository.incidentRegion(incidentId))) return null;
    return this.table({ incidentId, asOf: asOf ?? this.clock.now() });
  }

  private async table(scope: AnnouncementScope): Promise<AnnouncementModel> {
    const money = moneyCells(await this.repository.dimensions(scope));
    const findings = findingCells();
    const [moneySums, findingSums] = await Promise.all([
      this.repository.moneySums(scope, money),
      this.repository.findingSums(scope, findings),
    ]);
    return {
      scope,
      figures: [
        ...money.map((cell, i) => ({ cell, scope, amountFen: moneySums[i]!, count: null })),
        ...findings.map((cell, i) => ({ cell, scope, ...findingSums[i]! })),
      ],
    };
  }

  csv(model: AnnouncementModel): string {
    return toCsv(model.figures.map(exported));
  }

  json(model: AnnouncementModel): string {
    return toJson(model.scope, model.figures.map(exported));
  }

  /** The flows a money figure sums, each with what it adds (signed), in recording order; empty for findings. */
  async flowsOf(figure: FigureModel, args: PageArgs) {
    const page = readPage(args);
    if (figure.cell.kind !== 'MONEY') return toConnection([], page, () => []);
    const after = afterKey(page, ['int8', 'int', 'int']);
    const rows = await this.repository.moneyRows(
      figure.scope,
      figure.cell,
      page.limit + 1,
      after ? { seq: after[0]!, position: Number(after[1]), sub: Number(after[2]) } : undefined,
    );
    const flows = await this.ledger.findFlowsByIds([...new Set(rows.map((r) => r.flowId))]);
    const byId = new Map(flows.map((f) => [f.id, f]));
    return toConnection(
      rows.map((r) => ({ ...r, flow: byId.get(r.flowId)! })),
      page,
      (r) => [r.seq.toString(), String(r.position), String(r.sub)],
    );
  }

  /** The findings a finding figure sums, each with what it adds to the amount and the count; empty for money. */
  async findingsOf(figure: FigureModel, args: PageArgs) {
    const page = readPage(args);
    if (figure.cell.kind !== 'FINDING') return toConnection([], page, () => []);
    const after = afterKey(page, ['uuid']);
    const rows = await this.repository.findingRows(figure.scope, figure.cell, page.limit + 1, after?.[0]);
    return toConnection(rows, page, (r) => [r.findingId]);
  }
}
