import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { ZeroReportMissResolver, ZeroReportResolver } from './zero-report.resolver';
import { ZeroReportScan } from './zero-report.scan';
import { ZeroReportService } from './zero-report.service';
import { ZeroReportingModule } from './zero-reporting';

/** Daily zero reporting: periods, deadlines by level, each unit's report per day, and the scan marking misses. */
@Module({
  imports: [IncidentModule, ZeroReportingModule],
  providers: [ZeroReportService, ZeroReportScan, ZeroReportResolver, ZeroReportMissResolver],
})
export class ZeroReportModule {}
