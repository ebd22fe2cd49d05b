import { Module } from '@nestjs/common';
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
  ],
})
export class LedgerModule {}
