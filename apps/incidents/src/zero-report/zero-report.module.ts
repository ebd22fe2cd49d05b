import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { IncidentModule } from '../incident/incident.module';
import { ZeroReportMissResolver, ZeroReportResolver } from './zero-report.resolver';
import { ZeroReportRepository } from './zero-report.repository';
import { ZeroReportScan } from './zero-report.scan';
import { ZeroReporting, ZeroReportService } from './zero-report.service';

/** Daily zero reporting: periods, deadlines by level, each unit's report per day, and the scan marking misses. */
@Module({
  imports: [IncidentModule],
  providers: [
    regionScopeProvider,
    ZeroReportRepository,
    ZeroReportService,
    ZeroReporting,
    ZeroReportScan,
    ZeroReportResolver,
    ZeroReportMissResolver,
  ],
  exports: [ZeroReporting],
})
export class ZeroReportModule {}
