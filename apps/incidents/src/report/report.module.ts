import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { ReportDeadlineModule } from './report-deadline.module';
import { ReportDeadlineScan } from './report-deadline.scan';
import { ReportService } from './report.service';
import { IncidentReportsResolver, ReportDeadlineResolver, ReportResolver } from './report.resolver';

/** An incident's report chain (初报, 续报, 核报, 补报, 终报), the deadline rules and the reports owed. */
@Module({
  imports: [IncidentModule, ReportDeadlineModule],
  providers: [
    ReportService,
    ReportResolver,
    IncidentReportsResolver,
    ReportDeadlineResolver,
    ReportDeadlineScan,
  ],
})
export class ReportModule {}
