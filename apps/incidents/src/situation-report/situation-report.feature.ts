import { defineFeature } from '@emergency/subgraph';
import { SituationReportModule } from './situation-report.module';

/** Situation reports read the tables of the incident, report, warning and instruction features; they own none. */
export const SITUATION_REPORT_FEATURE = defineFeature({ module: SituationReportModule });
