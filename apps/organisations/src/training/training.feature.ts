import { defineFeature } from '@emergency/subgraph';
import { CreateTrainingRecords1795444800000 } from '../migrations/1795444800000-CreateTrainingRecords';
import { TrainingRecordEntity } from './training-record.entity';
import { TrainingModule } from './training.module';

export const TRAINING_FEATURE = defineFeature({
  module: TrainingModule,
  entities: [TrainingRecordEntity],
  migrations: [CreateTrainingRecords1795444800000],
});
