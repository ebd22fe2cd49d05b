import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';
import {
  ContributionTraceStepResolver,
  FlowOriginResolver,
  FlowResolver,
  FundBreakdownLineResolver,
  FundTraceResolver,
  ReconstructionFundTraceResolver,
} from './ledger.resolver';
import { LedgerService } from './ledger.service';

@Module({
  providers: [
    LedgerRepository,
    LedgerService,
    FlowResolver,
    FlowOriginResolver,
    FundBreakdownLineResolver,
    ContributionTraceStepResolver,
    FundTraceResolver,
    ReconstructionFundTraceResolver,
  ],
})
export class LedgerModule {}
