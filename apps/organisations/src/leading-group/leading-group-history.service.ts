import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { loaderKey, loadPage, toConnection, type RequestContext } from '@emergency/graphql';
import { readPage, readSeqKey, type PageArgs } from '@emergency/paging';
import type { LeadingGroupChangeEntity } from './leading-group-change.entity';
import type { LeadingGroupEntity } from './leading-group.entity';
import { LeadingGroupRepository } from './leading-group.repository';

/** Request-scoped first pages of `LeadingGroup.history`. */
const HISTORY = loaderKey<LeadingGroupChangeEntity[]>('LeadingGroup.history');

/** A group's change log: every establishment, appointment, removal and change of details, in order. */
@Injectable()
export class LeadingGroupHistoryService {
  constructor(private readonly repository: LeadingGroupRepository) {}

  async history(ctx: RequestContext, group: LeadingGroupEntity, args: PageArgs) {
    const page = readPage(args);
    const afterSeq = readSeqKey(page)?.toString();
    const rows = await loadPage(ctx, HISTORY, page, group.id, {
      firstPages: (groupIds, limit) => this.repository.latestChanges(groupIds, limit),
      parentOf: (c) => c.groupId,
      nextPage: () => this.repository.history(group.id, page, afterSeq),
    });
    return toConnection(rows, page, (c: LeadingGroupChangeEntity) => [c.seq]);
  }

  /** Appends an entry to the group's change log, in the change's transaction. */
  record(
    ctx: RequestContext,
    manager: EntityManager,
    group: LeadingGroupEntity,
    at: Date,
    change: Pick<LeadingGroupChangeEntity, 'kind'> & Partial<LeadingGroupChangeEntity>,
  ) {
    return this.repository.insertChange(manager, {
      groupId: group.id,
      at,
      personId: null,
      role: null,
      post: null,
      previousRole: null,
      replacedPersonId: null,
      note: null,
      ...change,
      actorSubject: ctx.identity.subject,
    });
  }
}
