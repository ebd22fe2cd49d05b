import { Module } from '@nestjs/common';
import { OrganisationModule } from '../organisation/organisation.module';
import { PersonModule } from '../person/person.module';
import { LeadingGroupRepository } from './leading-group.repository';
import {
  LeadingGroupChangeResolver,
  LeadingGroupMembershipResolver,
  LeadingGroupResolver,
  OrganisationLeadingGroupsResolver,
  PersonLeadingGroupsResolver,
} from './leading-group.resolver';
import { LeadingGroupHistoryService } from './leading-group-history.service';
import { LeadingGroupMemberService } from './leading-group-member.service';
import { LeadingGroupService } from './leading-group.service';

@Module({
  imports: [OrganisationModule, PersonModule],
  providers: [
    LeadingGroupRepository,
    LeadingGroupService,
    LeadingGroupMemberService,
    LeadingGroupHistoryService,
    LeadingGroupResolver,
    LeadingGroupMembershipResolver,
    LeadingGroupChangeResolver,
    OrganisationLeadingGroupsResolver,
    PersonLeadingGroupsResolver,
  ],
  exports: [LeadingGroupService],
})
export class LeadingGroupModule {}
