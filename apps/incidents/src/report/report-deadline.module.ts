import { Module } from '@nestjs/common';
import { ReportDeadlines } from './report-deadlines';
import { ReportRepository } from './report.repository';

/**
 * The report obligations, without the rest of the report feature: imported by the incident feature (which opens
 * an incident's first obligations in the write that reports it) as well as by the report feature.
 */
@Module({
  providers: [ReportRepository, ReportDeadlines],
  exports: [ReportRepository, ReportDeadlines],
})
export class ReportDeadlineModule {}
