import { Module } from '@nestjs/common';
import { ProcurementRepository } from './procurement.repository';
import { FundAllocationSpendingResolver, ProcurementResolver } from './procurement.resolver';
import { ProcurementService } from './procurement.service';

@Module({
  providers: [ProcurementRepository, ProcurementService, ProcurementResolver, FundAllocationSpendingResolver],
})
export class ProcurementModule {}
