import { defineFeature } from '@emergency/subgraph';
import { RecordStockByLot1797020000000 } from '../migrations/1797020000000-RecordStockByLot';
import { RecordArrivals1797090000000 } from '../migrations/1797090000000-RecordArrivals';
import {
  StockCensusEntity,
  StockCensusLineEntity,
  StockLotEntity,
  StockMinimumEntity,
  StockMovementEntity,
  StockRuleEntity,
} from './stock.entity';
import { StockModule } from './stock.module';

/** Stock by lot, its append-only journal, minimums, alerts, censuses and the stock rules (ADR 29). */
export const STOCK_FEATURE = defineFeature({
  module: StockModule,
  entities: [
    StockLotEntity,
    StockMovementEntity,
    StockMinimumEntity,
    StockRuleEntity,
    StockCensusEntity,
    StockCensusLineEntity,
  ],
  // Builds on the reserve feature's reserve_point and supply_item tables (migration 1797000000000).
  migrations: [RecordStockByLot1797020000000, RecordArrivals1797090000000],
});
