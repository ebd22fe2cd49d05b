import { defineFeature } from '@emergency/subgraph';
import { TrackZeroReportsAndInstructions1796830000000 } from '../migrations/1796830000000-TrackZeroReportsAndInstructions';
import {
  ZeroReportDeadlineRuleEntity,
  ZeroReportEntity,
  ZeroReportMissEntity,
  ZeroReportPeriodEntity,
} from './zero-report.entity';
import { ZeroReportModule } from './zero-report.module';

// The migration creates the leader instructions' tables too.
export const ZERO_REPORT_FEATURE = defineFeature({
  module: ZeroReportModule,
  entities: [ZeroReportPeriodEntity, ZeroReportDeadlineRuleEntity, ZeroReportEntity, ZeroReportMissEntity],
  migrations: [TrackZeroReportsAndInstructions1796830000000],
});
