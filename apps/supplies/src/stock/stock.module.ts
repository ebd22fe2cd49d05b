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
import { StockService } from './stock.service';

@Module({
  imports: [ReserveModule],
  providers: [
    StockRepository,
    StockService,
    StockAlertScan,
    StockLotResolver,
    StockLevelResolver,
    StockCensusResolver,
    StockLotPlaceResolver,
    StockLevelPlaceResolver,
    StockNearbyPlaceResolver,
  ],
})
export class StockModule {}
