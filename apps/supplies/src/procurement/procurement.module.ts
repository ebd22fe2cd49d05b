import { Module } from '@nestjs/common';
import { KnownAllocationModule } from '../allocation/known-allocation.module';
import { ProcurementRepository } from './procurement.repository';
import { FundAllocationSpendingResolver, ProcurementResolver } from './procurement.resolver';
import { ProcurementService } from './procurement.service';

@Module({
  imports: [KnownAllocationModule],
  providers: [ProcurementRepository, ProcurementService, ProcurementResolver, FundAllocationSpendingResolver],
})
export class ProcurementModule {}
