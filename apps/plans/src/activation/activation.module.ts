import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { ActivationMatchingModule } from './activation-matching.module';
import {
  ActivationResolver,
  IncidentActivationsResolver,
  IncidentLeadResolver,
  PlanActivationsResolver,
} from './activation.resolver';
import { ActivationService } from './activation.service';
import { ReportTimelinessRepository } from './report-timeliness.repository';
import { ReportsOnTimeIndicator } from './reports-on-time.indicator';

@Module({
  imports: [ActivationMatchingModule],
  providers: [
    regionScopeProvider,
    ActivationService,
    ActivationResolver,
    IncidentLeadResolver,
    IncidentActivationsResolver,
    PlanActivationsResolver,
    ReportTimelinessRepository,
    ReportsOnTimeIndicator,
  ],
})
export class ActivationModule {}
