import { defineFeature } from '@emergency/subgraph';
import { FollowFindingsToRectification1797120000000 } from '../migrations/1797120000000-FollowFindingsToRectification';
import { KeepFindingStatesInTime1797171000000 } from '../migrations/1797171000000-KeepFindingStatesInTime';
import { FindingModule } from './finding.module';

export const FINDING_FEATURE = defineFeature({
  module: FindingModule,
  // Engagements, findings and their rectification are written and read in SQL, as the ledger's flows are.
  entities: [],
  // When each finding was closed, and every outcome recorded on it, so that an announcement counts them as of its
  // cut-off.
  migrations: [FollowFindingsToRectification1797120000000, KeepFindingStatesInTime1797171000000],
});
