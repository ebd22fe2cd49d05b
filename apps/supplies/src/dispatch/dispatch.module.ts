import { Module } from '@nestjs/common';
import { ReserveModule } from '../reserve/reserve.module';
import { StockModule } from '../stock/stock.module';
import { DispatchPaperworkScan } from './dispatch-paperwork.scan';
import { DispatchRepository } from './dispatch.repository';
import {
  DispatchRulesResolver,
  SuppliesDispatchResolver,
  SuppliesRequestResolver,
} from './dispatch.resolver';
import { DispatchService } from './dispatch.service';

@Module({
  imports: [StockModule, ReserveModule],
  providers: [
    DispatchRepository,
    DispatchService,
    DispatchPaperworkScan,
    SuppliesRequestResolver,
    SuppliesDispatchResolver,
    DispatchRulesResolver,
  ],
})
export class DispatchModule {}
