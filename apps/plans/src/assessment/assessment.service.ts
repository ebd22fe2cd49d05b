import { Injectable } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AssessmentSheetSet } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireRole,
  type RequestContext,
} from '@emergency/graphql';
import {
  chinaDateOf,
  inJurisdiction,
  regionPrefix,
  rulesOfMostSpecificPrefix,
  visibleRegionPrefix,
} from '@emergency/domain';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import { childRegions, scoreItem, total, type ItemScore, type SheetItem } from './assessment-scoring';
import { AssessmentErrorCode, AssessmentException } from './assessment.exception';
import { AssessmentRepository, type AssessedOrganisation } from './assessment.repository';
import { ComplianceIndicators, type AssessmentPeriod, type IndicatorMeasure } from './compliance-indicator';

export interface SetAssessmentSheetInput {
  regionCode?: string | null;
  items: { key: string; indicator: string; title: string; points: number; basis: string }[];
}

/** A scored sheet: its items' scores and the total, in hundredths of a point. */
export interface Assessment {
  year: number;
  scores: ItemScore[];
  hundredths: number;
  maxScore: number;
}

/** The earliest year assessed: the first the working-day calendar covers. */
const FIRST_YEAR = 2004;

@Injectable()
export class AssessmentService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: AssessmentRepository,
    private readonly indicators: ComplianceIndicators,
    private readonly organisations: KnownOrganisations,
    private readonly regions: RegionScope,
    private readonly outbox: Outbox,
    private readonly clock: Clock,
  ) {}

  /** The sheet in force for `regionCode` (the default sheet without one). */
  async sheet(regionCode?: string | null): Promise<SheetItem[]> {
    const code = regionCode ? requiredRegionCode(regionCode, 'regionCode') : '';
    return this.sheetFor(await this.repository.sheets(), code);
  }

  indicatorList() {
    return this.indicators.all().map(({ key, description }) => ({ key, description }));
  }

  /** One organisation's assessment for `year`, scored by the sheet of its region. */
  async ofOrganisation(ctx: RequestContext, organisationId: string, year: number): Promise<Assessment> {
    const id = requiredUuid(organisationId, 'organisationId');
    const period = this.period(year);
    const standing = await this.organisations.standing(id);
    if (standing.status === 'UNKNOWN' || !inJurisdiction(ctx.identity, standing.regionCode))
      throw new AssessmentException(
        AssessmentErrorCode.AssessedOrganisationNotFound,
        `organisation ${id} is not known here or is outside your jurisdiction`,
        { field: 'organisationId', organisationId: id },
      );
    const sheet = this.sheetFor(await this.repository.sheets(), standing.regionCode);
    const measures = await this.measure(sheet, [id], period);
    return this.score(year, sheet, (indicator) => measures.get(indicator) ?? []);
  }

  /**
   * The assessment of each region one level below `regionCode` (a prefecture's counties, a province's
   * prefectures; a county itself), summing the obligations of the organisations in it, each scored by its own
   * region's sheet. Regions outside the caller's jurisdiction are left out.
   */
  async ofRegions(ctx: RequestContext, regionCode: string, year: number) {
    requiredRegionCode(regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const period = this.period(year);
    const prefix = visibleRegionPrefix(ctx.identity, regionCode);
    if (prefix === null) return [];
    const children = childRegions(regionCode, this.regions.codesUnder(regionCode)).filter((code) =>
      inJurisdiction(ctx.identity, code),
    );
    const organisations = await this.repository.organisationsIn(prefix ?? '', period);
    const sheets = await this.repository.sheets();
    const bySheet = new Map(children.map((code) => [code, this.sheetFor(sheets, code)]));
    const wanted = [...new Map([...bySheet.values()].flat().map((i) => [i.indicator, i])).values()];
    const measures = await this.measure(
      wanted,
      organisations.map((o) => o.id),
      period,
    );
    return children.map((code) => {
      const members = new Set(organisationsUnder(organisations, code).map((o) => o.id));
      const assessment = this.score(year, bySheet.get(code)!, (indicator) =>
        (measures.get(indicator) ?? []).filter((m) => members.has(m.organisationId)),
      );
      return { regionCode: code, organisationCount: members.size, ...assessment };
    });
  }

  async setSheet(ctx: RequestContext, input: SetAssessmentSheetInput): Promise<SheetItem[]> {
    requireRole(ctx, 'admin');
    const prefix = input.regionCode ? regionPrefix(requiredRegionCode(input.regionCode, 'regionCode')) : '';
    if (input.regionCode) this.regions.require(input.regionCode, 'regionCode');
    const keys = new Set<string>();
    const items = input.items.map((item, i) => {
      const field = `items[${i}]`;
      const key = requiredText(item.key, `${field}.key`, 60);
      if (keys.has(key)) throw badInput(`item key ${key} is given twice`, `${field}.key`);
      keys.add(key);
      if (!this.indicators.get(item.indicator))
        throw new AssessmentException(
          AssessmentErrorCode.AssessmentIndicatorUnknown,
          `no compliance indicator ${JSON.stringify(item.indicator)}`,
          { field: `${field}.indicator`, indicator: item.indicator },
        );
      if (!Number.isInteger(item.points) || item.points < 1 || item.points > 100)
        throw badInput('points must be a whole number from 1 to 100', `${field}.points`);
      return {
        key,
        indicator: item.indicator,
        title: requiredText(item.title, `${field}.title`, 200),
        points: item.points,
        basis: requiredText(item.basis, `${field}.basis`, 500),
      };
    });
    const now = this.clock.now();
    return write(ctx, this.dataSource, async (manager) => {
      const saved = await this.repository.replaceSheet(manager, prefix, items);
      await this.outbox.publish(
        manager,
        AssessmentSheetSet,
        // One key per jurisdiction, so its replacements stay in order.
        `assessment-sheet:${prefix}`,
        { regionPrefix: prefix, items, setAt: now.toISOString() },
        eventContext(ctx),
      );
      return saved.length > 0 ? saved : this.sheetFor(await this.repository.sheets(manager), prefix);
    });
  }

  private sheetFor(items: readonly SheetItem[], regionCode: string): SheetItem[] {
    return rulesOfMostSpecificPrefix(items, regionCode);
  }

  /** Calendar year `year` in China time; a year not yet begun, or before the calendar's first, is refused. */
  private period(year: number): AssessmentPeriod {
    const current = Number(chinaDateOf(this.clock.now()).slice(0, 4));
    if (!Number.isInteger(year) || year < FIRST_YEAR || year > current)
      throw badInput(`year must be from ${FIRST_YEAR} to ${current}`, 'year');
    return { from: `${year}-01-01`, to: `${year}-12-31` };
  }

  /** Each indicator's measures of `organisationIds`, every indicator of `sheet` asked once. */
  private async measure(
    sheet: readonly SheetItem[],
    organisationIds: readonly string[],
    period: AssessmentPeriod,
  ): Promise<Map<string, readonly IndicatorMeasure[]>> {
    const now = this.clock.now();
    const keys = [...new Set(sheet.map((i) => i.indicator))];
    const results = new Map<string, readonly IndicatorMeasure[]>();
    for (const key of keys) {
      const indicator = this.indicators.get(key);
      // The set-mutation refuses such items; one can only come from a migration naming a key no feature registers.
      if (!indicator)
        throw new Error(`the scoring sheet names compliance indicator ${key}, which none computes`);
      if (organisationIds.length > 0) results.set(key, await indicator.measure(organisationIds, period, now));
    }
    return results;
  }

  private score(
    year: number,
    sheet: readonly SheetItem[],
    measuresOf: (indicator: string) => readonly IndicatorMeasure[],
  ): Assessment {
    const scores = sheet.map((item) => scoreItem(item, measuresOf(item.indicator)));
    return { year, scores, ...total(scores) };
  }
}

const organisationsUnder = (organisations: readonly AssessedOrganisation[], code: string) =>
  organisations.filter((o) => o.regionCode.startsWith(regionPrefix(code)));
