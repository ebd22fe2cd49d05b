import { Module } from '@nestjs/common';
import { readSubgraphSdl } from '@emergency/graphql';
import { SubgraphModule } from '@emergency/subgraph';
import { ASSESSMENT_FEATURE } from './assessment/assessment.feature';
import { ACTIVATION_FEATURE } from './activation/activation.feature';
import { COMPLIANCE_INDICATORS_FEATURE } from './assessment/compliance-indicators.feature';
import { DUTY_FEATURE } from './duty/duty.feature';
import { HAZARD_FEATURE } from './hazard/hazard.feature';
import { DRILL_FEATURE } from './drill/drill.feature';
import { PLAN_FEATURE } from './plan/plan.feature';

export const SERVICE = 'plans';
export const DEFAULT_PORT = 4002;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readSubgraphSdl(__dirname),
      features: [
        COMPLIANCE_INDICATORS_FEATURE,
        PLAN_FEATURE,
        ACTIVATION_FEATURE,
        DRILL_FEATURE,
        HAZARD_FEATURE,
        DUTY_FEATURE,
        ASSESSMENT_FEATURE,
      ],
      // A plan names its owner organisation: checked against what the organisations topic said.
      knownOrganisations: true,
    }),
  ],
})
export class AppModule {}
