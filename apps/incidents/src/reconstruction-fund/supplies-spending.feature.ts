import { Module } from '@nestjs/common';
import { defineFeature } from '@emergency/subgraph';
import { ReconstructionFundModule } from './reconstruction-fund.module';
import { SuppliesSpendingProjector } from './supplies-spending.projector';

/** The projector alone, so the fund module it reads through stays importable by projects and relief payments. */
@Module({ imports: [ReconstructionFundModule] })
export class SuppliesSpendingModule {}

/** What the supplies service paid out of this service's allocations, learned from its events (ADR 26). */
export const SUPPLIES_SPENDING_FEATURE = defineFeature({
  module: SuppliesSpendingModule,
  projectors: [SuppliesSpendingProjector],
});
