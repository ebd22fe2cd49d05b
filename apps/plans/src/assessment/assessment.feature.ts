import { defineFeature } from '@emergency/subgraph';
import { KeepTheAssessmentSheet1796950000000 } from '../migrations/1796950000000-KeepTheAssessmentSheet';
import { AssessmentSheetItemEntity } from './assessment.entity';
import { AssessmentModule } from './assessment.module';

export const ASSESSMENT_FEATURE = defineFeature({
  module: AssessmentModule,
  entities: [AssessmentSheetItemEntity],
  migrations: [KeepTheAssessmentSheet1796950000000],
});
