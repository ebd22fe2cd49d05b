import { Module } from '@nestjs/common';
import { IncidentModule } from '../incident/incident.module';
import { InvestigationOverdueScan } from './investigation-overdue.scan';
import { InvestigationRepository } from './investigation.repository';
import {
  IncidentInvestigationResolver,
  InvestigationResolver,
  InvestigationTeamMemberResolver,
  RectificationItemResolver,
} from './investigation.resolver';
import { InvestigationService } from './investigation.service';

@Module({
  imports: [IncidentModule],
  providers: [
    InvestigationRepository,
    InvestigationService,
    InvestigationOverdueScan,
    InvestigationResolver,
    InvestigationTeamMemberResolver,
    RectificationItemResolver,
    IncidentInvestigationResolver,
  ],
})
export class InvestigationModule {}
