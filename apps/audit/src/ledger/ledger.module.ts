import { Module } from '@nestjs/common';
import { MoneyFlowProjector } from '../events/money-flow.projector';
import { LedgerRepository } from './ledger.repository';
import { FlowResolver, FundTraceResolver, ReconstructionFundTraceResolver } from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({
  providers: [
    LedgerRepository,
    LedgerService,
    FlowResolver,
    FundTraceResolver,
    ReconstructionFundTraceResolver,
    MoneyFlowProjector,
  ],
})
export class LedgerModule {}
