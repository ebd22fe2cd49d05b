import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonModule } from '../person/person.module';
import { DutyRepository } from './duty.repository';
import { DutyShiftResolver, OrganisationDutyResolver } from './duty.resolver';
import { DutyService } from './duty.service';

@Module({
  imports: [OrganisationModule, PersonModule],
  providers: [DutyRepository, DutyService, DutyShiftResolver, OrganisationDutyResolver],
})
export class DutyModule {}
