import { defineFeature } from '@emergency/subgraph';
import { FollowAnnouncementSources1797130000000 } from '../migrations/1797130000000-FollowAnnouncementSources';
import { AnnouncementModule } from './announcement.module';

export const ANNOUNCEMENT_FEATURE = defineFeature({
  module: AnnouncementModule,
  // Summed in SQL over the ledger's flows, their contributions' and allocations' facts and the follow-up's findings.
  entities: [],
  migrations: [FollowAnnouncementSources1797130000000],
});
