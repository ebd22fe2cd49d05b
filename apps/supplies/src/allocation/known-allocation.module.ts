import { Module } from '@nestjs/common';
import { AllocationAccess } from './allocation-access';
import { AllocationRepository } from './allocation.repository';

/**
 * The known allocations as the rest of the service reads and spends them. Apart from the allocation feature's
 * module, which adds the projector: a module with projectors is imported by no other module.
 */
@Module({
  providers: [AllocationRepository, AllocationAccess],
  exports: [AllocationRepository, AllocationAccess],
})
export class KnownAllocationModule {}
