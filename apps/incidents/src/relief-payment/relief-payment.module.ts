import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { ReconstructionFundModule } from '../reconstruction-fund/reconstruction-fund.module';
import { ReliefPaymentRepository } from './relief-payment.repository';
import { ReliefPaymentResolver } from './relief-payment.resolver';
import { ReliefPaymentService } from './relief-payment.service';

/** Relief paid to households out of allocations (AllocationBalances), and the village lists. */
@Module({
  imports: [IncidentModule, ReconstructionFundModule],
  providers: [ReliefPaymentRepository, ReliefPaymentService, ReliefPaymentResolver],
})
export class ReliefPaymentModule {}
