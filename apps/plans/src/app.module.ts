import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { CreatePlans1763856200000 } from './migrations/1763856200000-CreatePlans';
import { PlanEntity } from './plan/plan.entity';
import { PlanModule } from './plan/plan.module';

export const SERVICE = 'plans';
export const DEFAULT_PORT = 4002;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      entities: [PlanEntity],
      migrations: [CreatePlans1763856200000],
      // A plan names its owner organisation: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
    PlanModule,
  ],
})
export class AppModule {}
