import type { Feature } from '../feature';
import { RescueTeamModule } from './rescue-team.module';

export const RESCUE_TEAM_FEATURE: Feature = {
  module: RescueTeamModule,
  entities: [],
  migrations: [],
};
