import type { Feature } from '../feature';
import { CreateTrainingRecords1795444800000 } from '../migrations/1795444800000-CreateTrainingRecords';
import { TrainingRecordEntity } from './training-record.entity';
import { TrainingModule } from './training.module';

export const TRAINING_FEATURE: Feature = {
  module: TrainingModule,
  entities: [TrainingRecordEntity],
  migrations: [CreateTrainingRecords1795444800000],
};
