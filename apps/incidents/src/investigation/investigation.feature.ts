import { defineFeature } from '@emergency/subgraph';
import { ExtendInvestigationReplies1796845000000 } from '../migrations/1796845000000-ExtendInvestigationReplies';
import {
  InvestigationEntity,
  InvestigationRuleEntity,
  InvestigationTeamMemberEntity,
  RectificationItemEntity,
} from './investigation.entity';
import { InvestigationModule } from './investigation.module';

// Its tables are created by the warning feature's migration, IssueWarningsAndInvestigate; this one extends them.
export const INVESTIGATION_FEATURE = defineFeature({
  module: InvestigationModule,
  entities: [
    InvestigationEntity,
    InvestigationRuleEntity,
    InvestigationTeamMemberEntity,
    RectificationItemEntity,
  ],
  migrations: [ExtendInvestigationReplies1796845000000],
});
