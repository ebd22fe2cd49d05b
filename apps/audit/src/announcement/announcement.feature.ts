import { defineFeature } from '@emergency/subgraph';
import { FollowAnnouncementSources1797130000000 } from '../migrations/1797130000000-FollowAnnouncementSources';
import { AnnouncementModule } from './announcement.module';
import { AnnouncementSourceProjector } from './announcement.projector';

export const ANNOUNCEMENT_FEATURE = defineFeature({
  module: AnnouncementModule,
  // Summed in SQL over the ledger's flows, the facts projected here and the follow-up's findings.
  entities: [],
  migrations: [FollowAnnouncementSources1797130000000],
  // Keeps the contributions' and allocations' facts the table is split by.
  projectors: [AnnouncementSourceProjector],
});
