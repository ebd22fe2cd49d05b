import { defineFeature } from '@emergency/subgraph';
import { FollowFindingsToRectification1797120000000 } from '../migrations/1797120000000-FollowFindingsToRectification';
import { FindingModule } from './finding.module';

export const FINDING_FEATURE = defineFeature({
  module: FindingModule,
  // Engagements, findings and their rectification are written and read in SQL, as the ledger's flows are.
  entities: [],
  migrations: [FollowFindingsToRectification1797120000000],
});
