import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { AssessmentRepository } from './assessment.repository';
import { AssessmentResolver } from './assessment.resolver';
import { AssessmentService } from './assessment.service';

@Module({
  providers: [regionScopeProvider, AssessmentRepository, AssessmentService, AssessmentResolver],
})
export class AssessmentModule {}
