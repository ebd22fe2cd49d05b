import { Module } from '@nestjs/common';
import { SituationReportRepository } from './situation-report.repository';
import { SituationReportResolver } from './situation-report.resolver';
import { SituationReportService } from './situation-report.service';

@Module({
  providers: [SituationReportRepository, SituationReportService, SituationReportResolver],
})
export class SituationReportModule {}
