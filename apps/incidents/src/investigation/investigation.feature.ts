import { defineFeature } from '@emergency/subgraph';
import {
  InvestigationEntity,
  InvestigationRuleEntity,
  InvestigationTeamMemberEntity,
  RectificationItemEntity,
} from './investigation.entity';
import { InvestigationModule } from './investigation.module';

// Its tables are created by the warning feature's migration, IssueWarningsAndInvestigate.
export const INVESTIGATION_FEATURE = defineFeature({
  module: InvestigationModule,
  entities: [
    InvestigationEntity,
    InvestigationRuleEntity,
    InvestigationTeamMemberEntity,
    RectificationItemEntity,
  ],
  migrations: [],
});
