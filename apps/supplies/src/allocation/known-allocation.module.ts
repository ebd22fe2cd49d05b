import { Module } from '@nestjs/common';
import { AllocationService } from './allocation.service';
import { AllocationRepository } from './allocation.repository';

/**
 * The known allocations as the procurement feature reads and spends them (AllocationService), and the repository
 * the allocation feature's projector writes with. Kept apart from AllocationModule, to which the feature adds the
 * projector: a module with projectors is imported by no other module.
 */
@Module({
  providers: [AllocationRepository, AllocationService],
  exports: [AllocationRepository, AllocationService],
})
export class KnownAllocationModule {}
