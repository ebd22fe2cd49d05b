import { Module } from '@nestjs/common';
import { LedgerRepository } from './ledger.repository';
import {
  ContributionUseResolver,
  FlowOriginResolver,
  FlowResolver,
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
    ContributionUseResolver,
    FundTraceResolver,
    ReconstructionFundTraceResolver,
  ],
})
export class LedgerModule {}
