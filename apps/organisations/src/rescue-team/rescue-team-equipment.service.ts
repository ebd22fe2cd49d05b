import { Injectable } from '@nestjs/common';
import { RescueTeamUpdated } from '@emergency/contracts';
import { Outbox } from '@emergency/events';
import { eventContext, loadGroup, requireWriter, type RequestContext } from '@emergency/graphql';
import {
  equipmentList,
  sameEquipment,
  type EquipmentItem,
  type EquipmentItemInput,
} from './rescue-team-rules';
import type { RescueTeamEntity } from './rescue-team.entity';
import { RescueTeamRepository } from './rescue-team.repository';
import { RESCUE_TEAM_LOADERS, RescueTeamService, teamState } from './rescue-team.service';

export interface SetRescueTeamEquipmentInput {
  teamId: string;
  items: EquipmentItemInput[];
}

/** A team's equipment list, replaced as a whole. */
@Injectable()
export class RescueTeamEquipmentService {
  constructor(
    private readonly teams: RescueTeamService,
    private readonly repository: RescueTeamRepository,
    private readonly outbox: Outbox,
  ) {}

  /** The equipment list, batched: a page of teams costs one statement. */
  async equipment(ctx: RequestContext, team: RescueTeamEntity): Promise<EquipmentItem[]> {
    const items = await loadGroup(
      ctx,
      RESCUE_TEAM_LOADERS.equipment,
      (ids) => this.repository.equipmentOf(ids),
      (e) => e.teamId,
      team.id,
    );
    return items.map(toItem);
  }

  /** Replaces the equipment list as a whole; the same list again changes and publishes nothing. */
  async setEquipment(ctx: RequestContext, input: SetRescueTeamEquipmentInput): Promise<RescueTeamEntity> {
    requireWriter(ctx);
    const items = equipmentList(input.items);
    const current = await this.teams.requireWritable(ctx, input.teamId, 'teamId');
    return this.teams.writing(ctx, async (manager) => {
      const team = await this.teams.lock(manager, current.id, 'teamId');
      const stored = (await this.repository.equipmentOf([team.id], manager)).map(toItem);
      if (sameEquipment(stored, items)) return team;
      await this.repository.replaceEquipment(manager, team.id, items);
      team.updatedAt = await this.repository.touch(manager, team.id);
      await this.outbox.publish(
        manager,
        RescueTeamUpdated,
        team.id,
        { ...teamState(team), changes: ['equipment'] },
        eventContext(ctx),
      );
      return team;
    });
  }
}

function toItem(e: EquipmentItem): EquipmentItem {
  return { name: e.name, quantity: e.quantity, unit: e.unit, notes: e.notes };
}
