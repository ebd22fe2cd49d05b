import { Module } from '@nestjs/common';
import { PersonModule } from '../person/person.module';
import { ExpertRepository } from './expert.repository';
import { ExpertResolver, PersonExpertResolver } from './expert.resolver';
import { ExpertService } from './expert.service';

@Module({
  imports: [PersonModule],
  providers: [ExpertRepository, ExpertService, ExpertResolver, PersonExpertResolver],
  exports: [ExpertService],
})
export class ExpertModule {}
