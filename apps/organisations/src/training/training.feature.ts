import type { Feature } from '../feature';
import { TrainingModule } from './training.module';

export const TRAINING_FEATURE: Feature = {
  module: TrainingModule,
  entities: [],
  migrations: [],
};
