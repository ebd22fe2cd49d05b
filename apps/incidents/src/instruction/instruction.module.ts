import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { IncidentModule } from '../incident/incident.module';
import {
  IncidentInstructionsResolver,
  InstructionAssignmentResolver,
  InstructionFeedbackResolver,
  InstructionResolver,
} from './instruction.resolver';
import { InstructionRepository } from './instruction.repository';
import { InstructionOverdueScan } from './instruction.scan';
import { InstructionService } from './instruction.service';

/** Leader instructions: the register, assignments with feedback deadlines, feedback, extensions, closing. */
@Module({
  imports: [IncidentModule],
  providers: [
    regionScopeProvider,
    InstructionRepository,
    InstructionService,
    InstructionOverdueScan,
    InstructionResolver,
    InstructionAssignmentResolver,
    InstructionFeedbackResolver,
    IncidentInstructionsResolver,
  ],
})
export class InstructionModule {}
