import { defineFeature } from '@emergency/subgraph';
import {
  InstructionAssignmentEntity,
  InstructionExtensionEntity,
  InstructionFeedbackEntity,
  InstructionRuleEntity,
  LeaderInstructionEntity,
} from './instruction.entity';
import { InstructionModule } from './instruction.module';

// Its tables are created by the zero report feature's migration, TrackZeroReportsAndInstructions.
export const INSTRUCTION_FEATURE = defineFeature({
  module: InstructionModule,
  entities: [
    InstructionRuleEntity,
    LeaderInstructionEntity,
    InstructionAssignmentEntity,
    InstructionFeedbackEntity,
    InstructionExtensionEntity,
  ],
  migrations: [],
});
