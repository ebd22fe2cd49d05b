import { Module } from '@nestjs/common';
import { KnownAllocationModule } from '../allocation/known-allocation.module';
import { StockModule } from '../stock/stock.module';
import { PropertyRequisitionService } from './property-requisition.service';
import { RequisitionRepository } from './requisition.repository';
import { PropertyRequisitionResolver, StockRequisitionResolver } from './requisition.resolver';
import { StockRequisitionService } from './stock-requisition.service';

@Module({
  imports: [KnownAllocationModule, StockModule],
  providers: [
    RequisitionRepository,
    StockRequisitionService,
    PropertyRequisitionService,
    StockRequisitionResolver,
    PropertyRequisitionResolver,
  ],
})
export class RequisitionModule {}
