import { defineFeature } from '@emergency/subgraph';
import { ActivatePlansByIncidents1796920000000 } from '../migrations/1796920000000-ActivatePlansByIncidents';
import { ActivationThresholdEntity, KnownIncidentEntity, PlanActivationEntity } from './activation.entity';
import { ActivationModule } from './activation.module';
import { ActivationProjector } from './activation.projector';
import { ReportTimelinessProjector } from './report-timeliness.projector';

/** Plans started by incidents (a projection of the incidents topic), and the timeliness of reports. */
export const ACTIVATION_FEATURE = defineFeature({
  module: ActivationModule,
  entities: [KnownIncidentEntity, PlanActivationEntity, ActivationThresholdEntity],
  migrations: [ActivatePlansByIncidents1796920000000],
  projectors: [ActivationProjector, ReportTimelinessProjector],
});
