import { defineFeature } from '@emergency/subgraph';
import { CreateRescueTeams1795444500000 } from '../migrations/1795444500000-CreateRescueTeams';
import { RescueTeamEquipmentEntity } from './rescue-team-equipment.entity';
import { RescueTeamMembershipEntity } from './rescue-team-membership.entity';
import { RescueTeamEntity } from './rescue-team.entity';
import { RescueTeamModule } from './rescue-team.module';

export const RESCUE_TEAM_FEATURE = defineFeature({
  module: RescueTeamModule,
  entities: [RescueTeamEntity, RescueTeamMembershipEntity, RescueTeamEquipmentEntity],
  migrations: [CreateRescueTeams1795444500000],
});
