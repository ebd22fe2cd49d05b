import type { Feature } from '../feature';
import { LeadingGroupModule } from './leading-group.module';

export const LEADING_GROUP_FEATURE: Feature = {
  module: LeadingGroupModule,
  entities: [],
  migrations: [],
};
