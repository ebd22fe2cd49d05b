import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { LEADING_GROUP_FEATURE } from './leading-group/leading-group.feature';
import { DUTY_FEATURE } from './duty/duty.feature';
import { RESCUE_TEAM_FEATURE } from './rescue-team/rescue-team.feature';
import { GRID_FEATURE } from './grid/grid.feature';
import { EXPERT_FEATURE } from './expert/expert.feature';
import { TRAINING_FEATURE } from './training/training.feature';
import { DEMONSTRATION_SITE_FEATURE } from './demonstration-site/demonstration-site.feature';
import { ORGANISATION_FEATURE } from './organisation/organisation.feature';
import { PERSON_FEATURE } from './person/person.feature';
import { REGION_FEATURE } from './region/region.feature';

export const SERVICE = 'organisations';
export const DEFAULT_PORT = 4001;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      features: [
        REGION_FEATURE,
        ORGANISATION_FEATURE,
        PERSON_FEATURE,
        LEADING_GROUP_FEATURE,
        DUTY_FEATURE,
        RESCUE_TEAM_FEATURE,
        GRID_FEATURE,
        EXPERT_FEATURE,
        TRAINING_FEATURE,
        DEMONSTRATION_SITE_FEATURE,
      ],
    }),
  ],
})
export class AppModule {}
