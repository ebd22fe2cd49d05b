import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { ACTIVATION_FEATURE } from './activation/activation.feature';
import { COMPLIANCE_INDICATORS_FEATURE } from './assessment/compliance-indicators.feature';
import { PLAN_FEATURE } from './plan/plan.feature';

export const SERVICE = 'plans';
export const DEFAULT_PORT = 4002;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      features: [COMPLIANCE_INDICATORS_FEATURE, PLAN_FEATURE, ACTIVATION_FEATURE],
      // A plan names its owner organisation: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
  ],
})
export class AppModule {}
