import { Module } from '@nestjs/common';
import { LedgerRepository } from '../ledger/ledger.repository';
import { AnomalyRepository } from './anomaly.repository';
import { AnomalyEvidenceResolver, AnomalyResolver } from './anomaly.resolver';
import { AnomalyScan } from './anomaly.scan';
import { AnomalyService } from './anomaly.service';

@Module({
  providers: [
    AnomalyRepository,
    // The flows named as evidence, read from the ledger's tables (stateless: its own instance here).
    LedgerRepository,
    AnomalyService,
    AnomalyResolver,
    AnomalyEvidenceResolver,
    AnomalyScan,
  ],
})
export class AnomalyModule {}
