import { defineFeature } from '@emergency/subgraph';
import { KeepTheHazardLedger1796940000000 } from '../migrations/1796940000000-KeepTheHazardLedger';
import {
  HazardDeadlineChangeEntity,
  HazardEntity,
  HazardRuleEntity,
  HazardTransitionEntity,
  HazardVerificationEntity,
} from './hazard.entity';
import { HazardModule } from './hazard.module';

export const HAZARD_FEATURE = defineFeature({
  module: HazardModule,
  entities: [
    HazardEntity,
    HazardTransitionEntity,
    HazardVerificationEntity,
    HazardDeadlineChangeEntity,
    HazardRuleEntity,
  ],
  migrations: [KeepTheHazardLedger1796940000000],
});
