import { Module } from '@nestjs/common';
import { KnownAllocationModule } from '../allocation/known-allocation.module';
import { StockModule } from '../stock/stock.module';
import { ProcurementRepository } from './procurement.repository';
import {
  FundAllocationSpendingResolver,
  ProcurementGoodsResolver,
  ProcurementResolver,
} from './procurement.resolver';
import { ProcurementService } from './procurement.service';

@Module({
  imports: [KnownAllocationModule, StockModule],
  providers: [
    ProcurementRepository,
    ProcurementService,
    ProcurementResolver,
    FundAllocationSpendingResolver,
    ProcurementGoodsResolver,
  ],
  exports: [ProcurementRepository],
})
export class ProcurementModule {}
