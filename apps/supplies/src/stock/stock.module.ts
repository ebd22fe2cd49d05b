import { Module } from '@nestjs/common';
import { StockAlertScan } from './stock-alerts.scan';
import { StockRepository } from './stock.repository';
import { ReserveModule } from '../reserve/reserve.module';
import {
  StockCensusResolver,
  StockLevelPlaceResolver,
  StockLevelResolver,
  StockLotPlaceResolver,
  StockLotResolver,
  StockNearbyPlaceResolver,
} from './stock.resolver';
import { StockJournal } from './stock-journal';
import { StockService } from './stock.service';

@Module({
  imports: [ReserveModule],
  providers: [
    StockRepository,
    StockService,
    StockJournal,
    StockAlertScan,
    StockLotResolver,
    StockLevelResolver,
    StockCensusResolver,
    StockLotPlaceResolver,
    StockLevelPlaceResolver,
    StockNearbyPlaceResolver,
  ],
  exports: [StockJournal, StockRepository],
})
export class StockModule {}
