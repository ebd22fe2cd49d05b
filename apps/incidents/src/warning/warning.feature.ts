import { defineFeature } from '@emergency/subgraph';
import { IssueWarningsAndInvestigate1796840000000 } from '../migrations/1796840000000-IssueWarningsAndInvestigate';
import { WarningEntity, WarningMessageEntity } from './warning.entity';
import { WarningModule } from './warning.module';

/** Warnings and their CAP 1.2 messages; the migration also creates the investigation feature's tables. */
export const WARNING_FEATURE = defineFeature({
  module: WarningModule,
  entities: [WarningEntity, WarningMessageEntity],
  migrations: [IssueWarningsAndInvestigate1796840000000],
});
