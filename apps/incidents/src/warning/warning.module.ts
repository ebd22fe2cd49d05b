import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { IncidentModule } from '../incident/incident.module';
import { WarningCapController } from './warning.controller';
import { WarningRepository } from './warning.repository';
import { IncidentWarningsResolver, WarningResolver } from './warning.resolver';
import { WarningService } from './warning.service';

@Module({
  imports: [IncidentModule],
  controllers: [WarningCapController],
  providers: [
    regionScopeProvider,
    WarningRepository,
    WarningService,
    WarningResolver,
    IncidentWarningsResolver,
  ],
})
export class WarningModule {}
