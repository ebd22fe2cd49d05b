import { Module } from '@nestjs/common';
import { AllocationProjector } from './allocation.projector';
import { ProcurementRepository } from './procurement.repository';
import { FundAllocationSpendingResolver, ProcurementResolver } from './procurement.resolver';
import { ProcurementService } from './procurement.service';

@Module({
  providers: [
    ProcurementRepository,
    ProcurementService,
    ProcurementResolver,
    FundAllocationSpendingResolver,
    AllocationProjector,
  ],
})
export class ProcurementModule {}
