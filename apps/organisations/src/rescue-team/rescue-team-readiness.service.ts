import { Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { RescueTeamDisbanded, RescueTeamReadinessChanged } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import {
  eventContext,
  oneOf,
  optionalText,
  requiredText,
  requireJurisdiction,
  requireWriter,
  type RequestContext,
} from '@emergency/graphql';
import { RESCUE_TEAM_READINESS, type RescueTeamEntity, type RescueTeamReadiness } from './rescue-team.entity';
import { RescueTeamMemberService } from './rescue-team-member.service';
import { RescueTeamRepository } from './rescue-team.repository';
import { RescueTeamService } from './rescue-team.service';

export interface ChangeRescueTeamReadinessInput {
  id: string;
  readiness: RescueTeamReadiness;
  note?: string | null;
}

export interface DisbandRescueTeamInput {
  id: string;
  reason: string;
}

/** Whether a team can be dispatched, and its end: disbanded, it is UNAVAILABLE for good. */
@Injectable()
export class RescueTeamReadinessService {
  constructor(
    private readonly teams: RescueTeamService,
    private readonly members: RescueTeamMemberService,
    private readonly repository: RescueTeamRepository,
    private readonly outbox: Outbox,
  ) {}

  /** Records the team's readiness; the readiness it already has changes and publishes nothing. */
  async changeReadiness(
    ctx: RequestContext,
    input: ChangeRescueTeamReadinessInput,
  ): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const readiness = oneOf(RESCUE_TEAM_READINESS, input.readiness, 'readiness');
    const note = optionalText(input.note, 'note', 500);
    const current = await this.teams.requireWritable(ctx, input.id, 'id');
    return this.teams.writing(ctx, async (manager) => {
      const team = await this.teams.lock(manager, current.id, 'id');
      if (team.readiness === readiness) return team;
      const previous = team.readiness;
      team.readiness = readiness;
      team.readinessNote = note;
      team.readinessChangedAt = new Date();
      const saved = await this.repository.save(manager, team);
      await this.publishReadiness(ctx, manager, saved, previous);
      return saved;
    });
  }

  /**
   * Disbands a team: its members leave it, it becomes UNAVAILABLE (so readiness subscribers hear of it) and it takes
   * no further changes. It is how an organisation's teams are wound up before it may be dissolved; a team whose
   * organisation was dissolved before that rule held may still be disbanded.
   */
  async disband(ctx: RequestContext, input: DisbandRescueTeamInput): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const reason = requiredText(input.reason, 'reason', 500);
    const current = await this.teams.require(ctx, input.id, 'id');
    requireJurisdiction(ctx, current.baseRegionCode, 'id');
    return this.teams.writing(ctx, async (manager) => {
      const team = await this.teams.lock(manager, current.id, 'id');
      await this.members.endAllOf(ctx, manager, team, `team disbanded: ${reason}`);
      const now = new Date();
      const previous = team.readiness;
      if (previous !== 'UNAVAILABLE') {
        team.readiness = 'UNAVAILABLE';
        team.readinessNote = reason;
        team.readinessChangedAt = now;
      }
      team.status = 'DISBANDED';
      team.disbandedAt = now;
      team.disbandReason = reason;
      const saved = await this.repository.save(manager, team);
      if (previous !== 'UNAVAILABLE') await this.publishReadiness(ctx, manager, saved, previous);
      await this.outbox.publish(
        manager,
        RescueTeamDisbanded,
        saved.id,
        { teamId: saved.id, organisationId: saved.organisationId, reason, disbandedAt: now.toISOString() },
        eventContext(ctx),
      );
      return saved;
    });
  }

  private publishReadiness(
    ctx: RequestContext,
    manager: EntityManager,
    team: RescueTeamEntity,
    previous: RescueTeamReadiness,
  ) {
    return this.outbox.publish(
      manager,
      RescueTeamReadinessChanged,
      team.id,
      {
        teamId: team.id,
        organisationId: team.organisationId,
        type: team.type,
        baseRegionCode: team.baseRegionCode,
        previousReadiness: previous,
        readiness: team.readiness,
        note: team.readinessNote,
        changedAt: team.readinessChangedAt.toISOString(),
      },
      eventContext(ctx),
    );
  }
}
