import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { ReportDeadlineModule } from '../report/report-deadline.module';
import { IncidentRepository } from './incident.repository';
import { IncidentResolver } from './incident.resolver';
import { IncidentService } from './incident.service';

@Module({
  imports: [ReportDeadlineModule],
  providers: [regionScopeProvider, IncidentRepository, IncidentService, IncidentResolver],
  exports: [IncidentService, IncidentRepository],
})
export class IncidentModule {}
