import { defineFeature } from '@emergency/subgraph';
import { CreateIncidents1763856400000 } from '../migrations/1763856400000-CreateIncidents';
import { ClassifyIncidentsAndKeepFigures1796800000000 } from '../migrations/1796800000000-ClassifyIncidentsAndKeepFigures';
import { GradeIncidentsAndTrackResponse1796810000000 } from '../migrations/1796810000000-GradeIncidentsAndTrackResponse';
import { IncidentEntity } from './incident.entity';
import {
  GradingRuleEntity,
  IncidentGradeDecisionEntity,
  IncidentResponseEntity,
  IncidentStatusChangeEntity,
  RegradingWindowEntity,
} from './incident-lifecycle.entities';
import { IncidentModule } from './incident.module';

export const INCIDENT_FEATURE = defineFeature({
  module: IncidentModule,
  entities: [
    IncidentEntity,
    GradingRuleEntity,
    RegradingWindowEntity,
    IncidentGradeDecisionEntity,
    IncidentResponseEntity,
    IncidentStatusChangeEntity,
  ],
  // The service's first migration creates the funds' tables too (they reference `incident`).
  migrations: [
    CreateIncidents1763856400000,
    ClassifyIncidentsAndKeepFigures1796800000000,
    GradeIncidentsAndTrackResponse1796810000000,
  ],
});
