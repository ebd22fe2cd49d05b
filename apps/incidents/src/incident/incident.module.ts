import { Module } from '@nestjs/common';
import { IncidentRepository } from './incident.repository';
import { IncidentResolver } from './incident.resolver';
import { IncidentService } from './incident.service';

@Module({
  providers: [IncidentRepository, IncidentService, IncidentResolver],
  exports: [IncidentService],
})
export class IncidentModule {}
