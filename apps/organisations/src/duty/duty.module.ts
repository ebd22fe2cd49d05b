import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonModule } from '../person/person.module';
import { DutyRepository } from './duty.repository';
import { DutyShiftResolver, OrganisationDutyResolver } from './duty.resolver';
import { DutyRosterService } from './duty-roster.service';
import { DutyService } from './duty.service';
import { OnDutyService } from './on-duty.service';

@Module({
  imports: [OrganisationModule, PersonModule],
  providers: [
    DutyRepository,
    DutyService,
    DutyRosterService,
    OnDutyService,
    DutyShiftResolver,
    OrganisationDutyResolver,
  ],
})
export class DutyModule {}
