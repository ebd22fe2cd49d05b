import { defineFeature } from '@emergency/subgraph';
import { CreateDutyRoster1795444400000 } from '../migrations/1795444400000-CreateDutyRoster';
import { DutyShiftEntity } from './duty-shift.entity';
import { DutyModule } from './duty.module';

export const DUTY_FEATURE = defineFeature({
  module: DutyModule,
  entities: [DutyShiftEntity],
  migrations: [CreateDutyRoster1795444400000],
});
