import { Module } from '@nestjs/common';
import { KnownAllocationModule } from '../allocation/known-allocation.module';
import { ShelterCostRepository } from './shelter-cost.repository';
import { ShelterCostResolver, ShelterCostsResolver } from './shelter-cost.resolver';
import { ShelterCostService } from './shelter-cost.service';

@Module({
  imports: [KnownAllocationModule],
  providers: [ShelterCostRepository, ShelterCostService, ShelterCostResolver, ShelterCostsResolver],
})
export class ShelterCostModule {}
