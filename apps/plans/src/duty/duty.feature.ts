import { defineFeature } from '@emergency/subgraph';
import { RememberDutyShifts1796951000000 } from '../migrations/1796951000000-RememberDutyShifts';
import { DutyShiftEntity } from './duty-shift.entity';
import { DutyShiftProjector } from './duty-shift.projector';
import { DutyModule } from './duty.module';

/** Duty coverage, assessed from the organisations service's duty shifts. */
export const DUTY_FEATURE = defineFeature({
  module: DutyModule,
  entities: [DutyShiftEntity],
  migrations: [RememberDutyShifts1796951000000],
  projectors: [DutyShiftProjector],
});
