import type { Feature } from '../feature';
import { DutyModule } from './duty.module';

export const DUTY_FEATURE: Feature = {
  module: DutyModule,
  entities: [],
  migrations: [],
};
