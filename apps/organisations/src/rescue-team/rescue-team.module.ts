import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonModule } from '../person/person.module';
import { RegionModule } from '../region/region.module';
import { RescueTeamRepository } from './rescue-team.repository';
import {
  OrganisationRescueTeamsResolver,
  PersonRescueTeamsResolver,
  RescueTeamMembershipResolver,
  RescueTeamResolver,
} from './rescue-team.resolver';
import { RescueTeamEquipmentService } from './rescue-team-equipment.service';
import { RescueTeamMemberService } from './rescue-team-member.service';
import { RescueTeamReadinessService } from './rescue-team-readiness.service';
import { RescueTeamService } from './rescue-team.service';

@Module({
  imports: [OrganisationModule, PersonModule, RegionModule],
  providers: [
    RescueTeamRepository,
    RescueTeamService,
    RescueTeamMemberService,
    RescueTeamEquipmentService,
    RescueTeamReadinessService,
    RescueTeamResolver,
    RescueTeamMembershipResolver,
    OrganisationRescueTeamsResolver,
    PersonRescueTeamsResolver,
  ],
  exports: [RescueTeamService],
})
export class RescueTeamModule {}
