import { Module } from '@nestjs/common';
import { KnownAllocationModule } from './known-allocation.module';

/** The allocation feature's module: the feature adds its projector here, fed by what KnownAllocationModule provides. */
@Module({
  imports: [KnownAllocationModule],
})
export class AllocationModule {}
