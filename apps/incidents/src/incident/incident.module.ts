import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { IncidentRepository } from './incident.repository';
import { IncidentResolver } from './incident.resolver';
import { IncidentService } from './incident.service';

@Module({
  providers: [regionScopeProvider, IncidentRepository, IncidentService, IncidentResolver],
  exports: [IncidentService, IncidentRepository],
})
export class IncidentModule {}
