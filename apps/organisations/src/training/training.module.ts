import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonModule } from '../person/person.module';
import { TrainingRepository } from './training.repository';
import { PersonTrainingResolver, TrainingRecordResolver } from './training.resolver';
import { TrainingService } from './training.service';

@Module({
  imports: [OrganisationModule, PersonModule],
  providers: [TrainingRepository, TrainingService, TrainingRecordResolver, PersonTrainingResolver],
})
export class TrainingModule {}
