import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonDepartures } from './person-departures';
import { PersonRepository } from './person.repository';
import { OrganisationPeopleResolver, PersonResolver } from './person.resolver';
import { PersonService } from './person.service';

@Module({
  imports: [OrganisationModule],
  providers: [PersonRepository, PersonService, PersonResolver, OrganisationPeopleResolver, PersonDepartures],
  exports: [PersonService, PersonDepartures],
})
export class PersonModule {}
