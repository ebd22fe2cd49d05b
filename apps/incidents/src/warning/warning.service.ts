import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import { DataSource, type EntityManager } from 'typeorm';
import { WarningChanged, WarningIssued, WarningLifted } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  badInput,
  eventContext,
  loadById,
  loadGroup,
  loaderKey,
  loadPage,
  notFound,
  oneOf,
  optionalText,
  optionalUuid,
  requiredRegionCode,
  requiredText,
  requiredUuid,
  requireJurisdiction,
  requireActingFor,
  requireWriter,
  toConnection,
  type RequestContext,
} from '@emergency/graphql';
import {
  categoryOfSubcategory,
  EMERGENCY_CATEGORIES,
  EMERGENCY_CATEGORY_TREE,
  inJurisdiction,
  REGION_CODE,
  regionCovers,
  visibleRegionPrefix,
  type EmergencyCategory,
} from '@emergency/domain';
import { readPage, readTimeKey, type PageArgs } from '@emergency/paging';
import { Clock, KnownOrganisations, RegionScope, write } from '@emergency/subgraph';
import type { IncidentEntity } from '../incident/incident.entity';
import { IncidentService } from '../incident/incident.service';
import { WarningEntity, WarningMessageEntity } from './warning.entity';
import { WarningErrorCode, WarningException } from './warning.exception';
import { WarningRepository } from './warning.repository';
import {
  renderCap,
  warningIdentifier,
  wholeSecond,
  WARNING_LEVELS,
  type CapMsgType,
  type WarningLevel,
  type WarningStatus,
} from './warning-rules';

export interface IssueWarningInput {
  incidentId?: string | null;
  category: string;
  subcategory: string;
  level: string;
  issuingOrganisationId: string;
  regionCode: string;
  areaDescription: string;
  headline: string;
  description: string;
  instruction: string;
  onset: Date;
  expires?: Date | null;
}

export interface ChangeWarningInput {
  warningId: string;
  level?: string | null;
  areaDescription?: string | null;
  headline?: string | null;
  description?: string | null;
  instruction?: string | null;
  expires?: Date | null;
  reason: string;
}

export interface LiftWarningInput {
  warningId: string;
  reason: string;
}

export interface WarningFilter {
  regionCode?: string | null;
  status?: WarningStatus | null;
  level?: WarningLevel | null;
}

/** The organisation type of people's governments, as the organisations service names it. */
const GOVERNMENT = 'GOVERNMENT';
const WARNINGS = loaderKey<WarningEntity>('Warning');
const MESSAGES = loaderKey<WarningMessageEntity[]>('Warning.messages');
const WARNINGS_OF_INCIDENT = loaderKey<WarningEntity[]>('Incident.warnings');
const keyOf = (warning: WarningEntity) => [warning.issuedAt.toISOString(), warning.id];

const SUBCATEGORY_ZH = new Map<string, string>(
  EMERGENCY_CATEGORY_TREE.flatMap((c) => c.subcategories.map((s) => [s.id, s.zh] as const)),
);

@Injectable()
export class WarningService {
  constructor(
    private readonly dataSource: DataSource,
    private readonly repository: WarningRepository,
    private readonly incidents: IncidentService,
    private readonly outbox: Outbox,
    private readonly regions: RegionScope,
    private readonly organisations: KnownOrganisations,
    private readonly clock: Clock,
  ) {}

  private load(ctx: RequestContext, id: string) {
    return loadById(ctx, WARNINGS, (ids) => this.repository.findByIds(ids), id);
  }

  /** A warning the caller may see, or null. */
  async get(ctx: RequestContext, id: string): Promise<WarningEntity | null> {
    const warning = await this.load(ctx, id);
    return warning && inJurisdiction(ctx.identity, warning.regionCode) ? warning : null;
  }

  async reference(ctx: RequestContext, id: string): Promise<WarningEntity | null> {
    const warning = await this.load(ctx, id);
    if (!warning) throw notFound('Warning', id);
    return inJurisdiction(ctx.identity, warning.regionCode) ? warning : null;
  }

  async list(ctx: RequestContext, filter: WarningFilter, args: PageArgs) {
    const page = readPage(args);
    if (filter.regionCode) requiredRegionCode(filter.regionCode, 'filter.regionCode');
    const status = filter.status
      ? oneOf(['ACTIVE', 'LIFTED'] as const, filter.status, 'filter.status')
      : undefined;
    const level = filter.level ? oneOf(WARNING_LEVELS, filter.level, 'filter.level') : undefined;
    const after = readTimeKey(page);
    const prefix = visibleRegionPrefix(ctx.identity, filter.regionCode);
    if (prefix === null) return toConnection([], page, keyOf);
    const rows = await this.repository.list({ regionPrefix: prefix ?? '', status, level, after }, page);
    return toConnection(rows, page, keyOf);
  }

  async ofIncident(ctx: RequestContext, incident: IncidentEntity, args: PageArgs) {
    const page = readPage(args);
    const prefix = visibleRegionPrefix(ctx.identity) ?? '';
    const rows = await loadPage(ctx, WARNINGS_OF_INCIDENT, page, incident.id, {
      firstPages: (ids, limit) => this.repository.firstOfIncidents(ids, prefix, limit),
      parentOf: (w) => w.incidentId ?? '',
      nextPage: () => this.repository.listOfIncident(incident.id, prefix, page, readTimeKey(page)),
    });
    return toConnection(rows, page, keyOf);
  }

  messages(ctx: RequestContext, warning: WarningEntity) {
    return loadGroup(
      ctx,
      MESSAGES,
      (ids) => this.repository.messagesOf(ids),
      (m) => m.warningId,
      warning.id,
    );
  }

  /** The newest message's CAP document. */
  async capXml(ctx: RequestContext, warning: WarningEntity): Promise<string> {
    const messages = await this.messages(ctx, warning);
    return messages[messages.length - 1].capXml;
  }

  /** Public (no identity): the CAP document of a warning's message `sequence`, or its newest; null if none. */
  async publicCap(identifier: string, sequence?: number): Promise<string | null> {
    const warning = await this.repository.findByIdentifier(identifier);
    if (!warning) return null;
    const message = await this.repository.message(warning.id, sequence);
    return message?.capXml ?? null;
  }

  async issue(ctx: RequestContext, input: IssueWarningInput): Promise<WarningEntity> {
    requireWriter(ctx);
    const category = oneOf(EMERGENCY_CATEGORIES, input.category, 'category');
    const subcategory = requiredText(input.subcategory, 'subcategory', 64);
    if (categoryOfSubcategory(subcategory) !== category) {
      throw badInput(
        `subcategory ${JSON.stringify(subcategory)} is not a subcategory of ${category}`,
        'subcategory',
      );
    }
    const level = oneOf(WARNING_LEVELS, input.level, 'level');
    const regionCode = requiredRegionCode(input.regionCode, 'regionCode');
    this.regions.require(regionCode, 'regionCode');
    const areaDescription = requiredText(input.areaDescription, 'areaDescription', 1000);
    const headline = requiredText(input.headline, 'headline', 200);
    const description = requiredText(input.description, 'description', 4000);
    const instruction = requiredText(input.instruction, 'instruction', 4000);
    const onset = input.onset;
    const expires = input.expires ?? null;
    requireExpiresAfterOnset(onset, expires);
    requireJurisdiction(ctx, regionCode, 'regionCode');
    const incidentId = optionalUuid(input.incidentId, 'incidentId') ?? null;
    if (incidentId) await this.incidents.require(ctx, incidentId);
    const issuerId = requiredUuid(input.issuingOrganisationId, 'issuingOrganisationId');
    requireActingFor(ctx, [issuerId], 'a warning is issued by its government');
    const issuer = await this.organisations.requireActiveOfType(
      issuerId,
      GOVERNMENT,
      'issuingOrganisationId',
    );
    requireCountyOrAbove(issuer, regionCode);
    const sent = wholeSecond(this.clock.now());
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const identifier = await this.identifierFor(manager, regionCode, issuer.id, sent);
        const warning = await this.repository.insertWarning(manager, {
          id: randomUUID(),
          identifier,
          incidentId,
          category,
          subcategory,
          level,
          status: 'ACTIVE',
          issuingOrganisationId: issuer.id,
          issuingOrganisationName: issuer.name,
          regionCode,
          areaDescription,
          headline,
          description,
          instruction,
          onset,
          expires,
          issuedAt: sent,
          liftedAt: null,
          messageCount: 1,
        });
        const message = await this.append(manager, warning, 'Alert', identifier, sent, null, null);
        await this.outbox.publish(
          manager,
          WarningIssued,
          warning.id,
          { ...eventData(warning, message), msgType: 'Alert' },
          eventContext(ctx),
        );
        return warning;
      },
      { forgets: (saved) => [{ key: WARNINGS, ids: [saved.id] }] },
    );
  }

  async change(ctx: RequestContext, input: ChangeWarningInput): Promise<WarningEntity> {
    requireWriter(ctx);
    const warningId = requiredUuid(input.warningId, 'warningId');
    const reason = requiredText(input.reason, 'reason', 1000);
    const level = input.level ? oneOf(WARNING_LEVELS, input.level, 'level') : undefined;
    const changes: Partial<WarningEntity> = {
      ...(level ? { level } : {}),
      ...optionalChange('areaDescription', input.areaDescription, 1000),
      ...optionalChange('headline', input.headline, 200),
      ...optionalChange('description', input.description, 4000),
      ...optionalChange('instruction', input.instruction, 4000),
      ...(input.expires ? { expires: input.expires } : {}),
    };
    const current = await this.requireActive(ctx, warningId);
    const next = { ...current, ...changes };
    requireExpiresAfterOnset(next.onset, next.expires);
    const changed = (Object.keys(changes) as (keyof WarningEntity)[]).some(
      (key) => String(changes[key]) !== String(current[key]),
    );
    if (!changed) {
      throw new WarningException(WarningErrorCode.WarningUnchanged, 'the change changes nothing', {
        field: 'input',
      });
    }
    return this.supersede(ctx, warningId, 'Update', reason, changes);
  }

  async lift(ctx: RequestContext, input: LiftWarningInput): Promise<WarningEntity> {
    requireWriter(ctx);
    const warningId = requiredUuid(input.warningId, 'warningId');
    const reason = requiredText(input.reason, 'reason', 1000);
    await this.requireActive(ctx, warningId);
    return this.supersede(ctx, warningId, 'Cancel', reason, {});
  }

  /** The warning, visible to the caller, in the caller's jurisdiction and not lifted. */
  private async requireActive(ctx: RequestContext, warningId: string, manager?: EntityManager) {
    const warning = manager ? await this.repository.lock(manager, warningId) : await this.get(ctx, warningId);
    if (!warning || !inJurisdiction(ctx.identity, warning.regionCode)) {
      throw new WarningException(
        WarningErrorCode.WarningNotFound,
        `warning ${warningId} does not exist or is outside your jurisdiction`,
        { field: 'warningId', id: warningId },
      );
    }
    requireActingFor(ctx, [warning.issuingOrganisationId], 'a warning is changed and lifted by its issuer');
    if (warning.status === 'LIFTED') {
      throw new WarningException(
        WarningErrorCode.WarningLifted,
        `warning ${warning.identifier} has been lifted`,
        {
          field: 'warningId',
          id: warningId,
        },
      );
    }
    return warning;
  }

  /** A new message superseding the newest one: an Update with `changes`, or the Cancel that lifts the warning. */
  private supersede(
    ctx: RequestContext,
    warningId: string,
    msgType: 'Update' | 'Cancel',
    reason: string,
    changes: Partial<WarningEntity>,
  ) {
    const sent = wholeSecond(this.clock.now());
    return write(
      ctx,
      this.dataSource,
      async (manager) => {
        const current = await this.requireActive(ctx, warningId, manager);
        const previous = await this.repository.message(current.id, current.messageCount, manager);
        if (!previous) throw new Error(`warning ${current.id} has no message ${current.messageCount}`);
        const warning = Object.assign(current, changes, {
          messageCount: current.messageCount + 1,
          ...(msgType === 'Cancel' ? { status: 'LIFTED' as const, liftedAt: sent } : {}),
        });
        await this.repository.updateWarning(manager, warning);
        const identifier = await this.identifierFor(
          manager,
          warning.regionCode,
          warning.issuingOrganisationId,
          sent,
        );
        const message = await this.append(manager, warning, msgType, identifier, sent, previous, reason);
        const data = { ...eventData(warning, message), reason };
        if (msgType === 'Update') {
          await this.outbox.publish(
            manager,
            WarningChanged,
            warning.id,
            { ...data, msgType },
            eventContext(ctx),
          );
        } else {
          await this.outbox.publish(
            manager,
            WarningLifted,
            warning.id,
            { ...data, msgType },
            eventContext(ctx),
          );
        }
        return warning;
      },
      {
        forgets: (saved) => [
          { key: WARNINGS, ids: [saved.id] },
          { key: MESSAGES, ids: [saved.id] },
        ],
      },
    );
  }

  private async identifierFor(
    manager: EntityManager,
    regionCode: string,
    organisationId: string,
    sent: Date,
  ) {
    const sequence = await this.repository.nextSequence(manager, regionCode, sent);
    return warningIdentifier(regionCode, organisationId, sent, sequence);
  }

  private append(
    manager: EntityManager,
    warning: WarningEntity,
    msgType: CapMsgType,
    identifier: string,
    sent: Date,
    previous: WarningMessageEntity | null,
    reason: string | null,
  ) {
    const capXml = renderCap({
      identifier,
      issuingOrganisationId: warning.issuingOrganisationId,
      senderName: warning.issuingOrganisationName,
      sent,
      msgType,
      references: previous && { identifier: previous.identifier, sent: previous.sentAt },
      category: warning.category,
      subcategory: warning.subcategory,
      event: `${SUBCATEGORY_ZH.get(warning.subcategory) ?? warning.subcategory}预警`,
      level: warning.level,
      onset: warning.onset,
      expires: warning.expires,
      headline: warning.headline,
      description: msgType === 'Cancel' && reason ? `${reason}\n${warning.description}` : warning.description,
      instruction: warning.instruction,
      areaDescription: warning.areaDescription,
      regionCode: warning.regionCode,
      incidentId: warning.incidentId,
    });
    return this.repository.insertMessage(manager, {
      id: randomUUID(),
      warningId: warning.id,
      sequence: warning.messageCount,
      identifier,
      regionCode: warning.regionCode,
      msgType,
      level: warning.level,
      sentAt: sent,
      referencesIdentifier: previous?.identifier ?? null,
      reason,
      capXml,
    });
  }
}

function optionalChange<K extends 'areaDescription' | 'headline' | 'description' | 'instruction'>(
  field: K,
  value: string | null | undefined,
  max: number,
): Partial<Pick<WarningEntity, K>> {
  const text = optionalText(value, field, max);
  return text === null ? {} : ({ [field]: text } as Partial<Pick<WarningEntity, K>>);
}

function requireExpiresAfterOnset(onset: Date, expires: Date | null) {
  if (expires && expires.getTime() <= onset.getTime()) {
    throw new WarningException(WarningErrorCode.WarningExpiresBeforeOnset, 'expires must be after onset', {
      field: 'expires',
    });
  }
}

/** ERL art. 64: a people's government at county level or above, issuing for its own area. */
function requireCountyOrAbove(issuer: { id: string; regionCode: string }, regionCode: string) {
  if (!REGION_CODE.test(issuer.regionCode)) {
    throw new WarningException(
      WarningErrorCode.WarningIssuerBelowCounty,
      `the government of ${issuer.regionCode} is below county level`,
      { field: 'issuingOrganisationId', organisationId: issuer.id, regionCode: issuer.regionCode },
    );
  }
  if (!regionCovers(issuer.regionCode, regionCode)) {
    throw new WarningException(
      WarningErrorCode.WarningRegionOutsideIssuer,
      `region ${regionCode} lies outside the issuing government's region ${issuer.regionCode}`,
      { field: 'regionCode', organisationId: issuer.id, issuerRegionCode: issuer.regionCode },
    );
  }
}

function eventData(warning: WarningEntity, message: WarningMessageEntity) {
  return {
    warningId: warning.id,
    warningIdentifier: warning.identifier,
    identifier: message.identifier,
    sequence: message.sequence,
    incidentId: warning.incidentId,
    category: warning.category as EmergencyCategory,
    subcategory: warning.subcategory,
    level: warning.level,
    regionCode: warning.regionCode,
    issuingOrganisationId: warning.issuingOrganisationId,
    onset: warning.onset.toISOString(),
    expires: warning.expires?.toISOString() ?? null,
    sent: message.sentAt.toISOString(),
    references: message.referencesIdentifier,
    capXml: message.capXml,
  };
}
