import { Injectable } from '@nestjs/common';
import { randomUUID } from 'node:crypto';
import type { EntityManager } from 'typeorm';
import { PlanVersionDrafted } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import { eventContext, type RequestContext } from '@emergency/graphql';
import type { PlanEntity } from '../plan/plan.entity';
import type { PlanAttachment, PlanRevisionTrigger, PlanSections } from './plan-version.entity';
import { PlanVersionRepository } from './plan-version.repository';

/** What a lifecycle event says of the plan: which, whose, where, of what type. */
export function planHeader(plan: PlanEntity) {
  return {
    planId: plan.id,
    ownerOrganisationId: plan.ownerOrganisationId,
    regionCode: plan.regionCode,
    planType: plan.planType,
  };
}

/** Opens a draft version of a plan and publishes PlanVersionDrafted, inside the caller's write. */
@Injectable()
export class PlanVersionWriter {
  constructor(
    private readonly repository: PlanVersionRepository,
    private readonly outbox: Outbox,
  ) {}

  async open(
    manager: EntityManager,
    ctx: RequestContext,
    plan: PlanEntity,
    draft: {
      version: number;
      sections: PlanSections;
      attachments: PlanAttachment[];
      trigger: PlanRevisionTrigger | null;
      note: string | null;
      major: boolean;
    },
  ): Promise<void> {
    await this.repository.insertVersion(manager, {
      id: randomUUID(),
      planId: plan.id,
      version: draft.version,
      status: 'DRAFT',
      ...draft.sections,
      attachments: draft.attachments,
      revisionTrigger: draft.trigger,
      revisionNote: draft.note,
      major: draft.major,
      approvingBody: null,
      approvalMeeting: null,
      approvedOn: null,
      issuedOn: null,
      supersededOn: null,
      filingDueOn: null,
      filedOn: null,
      filedWithOrganisationId: null,
      filingReceiptNumber: null,
      filingOverdueAt: null,
    });
    await this.outbox.publish(
      manager,
      PlanVersionDrafted,
      plan.id,
      { ...planHeader(plan), version: draft.version, trigger: draft.trigger, major: draft.major },
      eventContext(ctx),
    );
  }
}
