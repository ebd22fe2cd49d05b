import { Injectable } from '@nestjs/common';
import {
  loaderKey,
  DomainError,
  loader,
  notFound,
  CommonErrorCode,
  requiredUuid,
  type RequestContext,
} from '@emergency/graphql';
import { jurisdictionRelation } from '@emergency/domain';
import type { OrganisationEntity } from '../organisation/organisation.entity';
import { OrganisationService } from '../organisation/organisation.service';
import { dutyGaps, type DutyGap } from './duty-gaps';
import { coveragePeriod } from './duty-rules';
import type { DutyShiftEntity } from './duty-shift.entity';
import { DutyRepository } from './duty.repository';

export interface OnDuty {
  organisation: OrganisationEntity;
  at: Date;
  dutyOfficers: DutyShiftEntity[];
  leadersOnDuty: DutyShiftEntity[];
}

export interface DutyCoverage {
  organisation: OrganisationEntity;
  from: Date;
  to: Date;
  complete: boolean;
  gaps: DutyGap[];
}

/** Who is on duty in each organisation at `at` (now when null), for this request. */
const onDutyAt = (at: Date | null | undefined) =>
  loaderKey<{ id: string; at: Date; shifts: DutyShiftEntity[] }>(`OnDuty:${at ? at.toISOString() : 'now'}`);

/** What the roster says of an organisation: who is on duty at an instant, and where nobody is over a period. */
@Injectable()
export class OnDutyService {
  constructor(
    private readonly repository: DutyRepository,
    private readonly organisations: OrganisationService,
  ) {}

  /** Who is on duty at an organisation in the caller's jurisdiction or above it; NOT_FOUND beside it. */
  async onDuty(ctx: RequestContext, organisationId: string, at?: Date | null): Promise<OnDuty> {
    const id = requiredUuid(organisationId, 'organisationId');
    const organisation = await this.organisations.load(ctx, id);
    if (!organisation || jurisdictionRelation(ctx.identity, organisation.regionCode) === 'BESIDE') {
      throw notFound('Organisation', id, 'organisationId');
    }
    return this.onDutyAt(ctx, organisation, at);
  }

  /**
   * Who is on duty at `organisation` at `at` (now by default). Batched: the organisations of one request asked
   * for the same instant are read in one statement, and "now" is one instant for all of them.
   *
   * A desk must reach the offices it reports to at any hour, so above the caller's jurisdiction it sees who is on
   * duty now (only now: a past or planned instant would read the roster one query at a time); beside it, nothing
   * (OUTSIDE_JURISDICTION, since an empty answer would claim that nobody keeps the duty).
   */
  async onDutyAt(ctx: RequestContext, organisation: OrganisationEntity, at?: Date | null): Promise<OnDuty> {
    const relation = jurisdictionRelation(ctx.identity, organisation.regionCode);
    if (relation === 'BESIDE') {
      throw new DomainError(
        CommonErrorCode.OutsideJurisdiction,
        `the duty of ${organisation.name} is outside your jurisdiction`,
        { field: 'onDuty' },
      );
    }
    if (relation === 'ABOVE' && at) {
      throw new DomainError(
        CommonErrorCode.OutsideJurisdiction,
        `${organisation.name} is above your jurisdiction: you may ask who is on duty there now, without at`,
        { field: 'at' },
      );
    }
    const running = await loader(
      ctx,
      onDutyAt(at),
      async (ids) => {
        const instant = at ?? new Date();
        const shifts = await this.repository.runningAt(ids, instant);
        return ids.map((id) => ({ id, at: instant, shifts: shifts.filter((s) => s.organisationId === id) }));
      },
      (group) => group.id,
    ).load(organisation.id);
    const shifts = running?.shifts ?? [];
    return {
      organisation,
      at: running?.at ?? at ?? new Date(),
      dutyOfficers: shifts.filter((s) => s.role === 'DUTY_OFFICER'),
      leadersOnDuty: shifts.filter((s) => s.role === 'LEADER_ON_DUTY'),
    };
  }

  /** Every interval of [from, to) in which the organisation has no duty officer or no leader on duty. */
  async coverage(ctx: RequestContext, organisationId: string, from: Date, to: Date): Promise<DutyCoverage> {
    const organisation = await this.organisations.require(
      ctx,
      requiredUuid(organisationId, 'organisationId'),
      'organisationId',
    );
    const period = coveragePeriod(from, to);
    const shifts = await this.repository.covering(organisation.id, period.from, period.to);
    const gaps = dutyGaps(shifts, period.from, period.to);
    return { organisation, ...period, complete: gaps.length === 0, gaps };
  }
}
