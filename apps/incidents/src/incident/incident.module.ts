import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
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
  exports: [IncidentService],
})
export class IncidentModule {}
