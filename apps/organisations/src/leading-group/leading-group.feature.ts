import { defineFeature } from '@emergency/subgraph';
import { CreateLeadingGroups1795444300000 } from '../migrations/1795444300000-CreateLeadingGroups';
import { LeadingGroupChangeEntity } from './leading-group-change.entity';
import { LeadingGroupMembershipEntity } from './leading-group-membership.entity';
import { LeadingGroupEntity } from './leading-group.entity';
import { LeadingGroupModule } from './leading-group.module';

export const LEADING_GROUP_FEATURE = defineFeature({
  module: LeadingGroupModule,
  entities: [LeadingGroupEntity, LeadingGroupMembershipEntity, LeadingGroupChangeEntity],
  migrations: [CreateLeadingGroups1795444300000],
});
