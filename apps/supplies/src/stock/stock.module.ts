import { Module } from '@nestjs/common';
import { StockAlertScan } from './stock-alerts.scan';
import { StockRepository } from './stock.repository';
import { StockCensusResolver, StockLevelResolver, StockLotResolver } from './stock.resolver';
import { StockService } from './stock.service';

@Module({
  providers: [
    StockRepository,
    StockService,
    StockAlertScan,
    StockLotResolver,
    StockLevelResolver,
    StockCensusResolver,
  ],
})
export class StockModule {}
