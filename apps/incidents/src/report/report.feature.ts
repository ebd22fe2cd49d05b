import { defineFeature } from '@emergency/subgraph';
import { TrackTheReportChain1796820000000 } from '../migrations/1796820000000-TrackTheReportChain';
import { IncidentReportEntity, ReportDeadlineEntity, ReportDeadlineRuleEntity } from './report.entity';
import { ReportModule } from './report.module';

export const REPORT_FEATURE = defineFeature({
  module: ReportModule,
  entities: [IncidentReportEntity, ReportDeadlineRuleEntity, ReportDeadlineEntity],
  migrations: [TrackTheReportChain1796820000000],
});
