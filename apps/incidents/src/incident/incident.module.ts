import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { ReportDeadlineModule } from '../report/report-deadline.module';
import { ZeroReportingModule } from '../zero-report/zero-reporting';
import { IncidentLifecycleRepository } from './incident-lifecycle.repository';
import {
  IncidentLifecycleFieldsResolver,
  IncidentLifecycleResolver,
  IncidentResponseResolver,
} from './incident-lifecycle.resolver';
import { IncidentLifecycleService } from './incident-lifecycle.service';
import { IncidentRepository } from './incident.repository';
import { IncidentResolver } from './incident.resolver';
import { IncidentService } from './incident.service';

@Module({
  imports: [ReportDeadlineModule, ZeroReportingModule],
  providers: [
    regionScopeProvider,
    IncidentRepository,
    IncidentService,
    IncidentResolver,
    IncidentLifecycleRepository,
    IncidentLifecycleService,
    IncidentLifecycleResolver,
    IncidentLifecycleFieldsResolver,
    IncidentResponseResolver,
  ],
  exports: [IncidentService, IncidentRepository],
})
export class IncidentModule {}
