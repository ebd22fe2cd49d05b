import { Module } from '@nestjs/common';
import { regionScopeProvider } from '@emergency/subgraph';
import { ShelterRepository } from './shelter.repository';
import { ShelterOccupancyResolver, ShelterResolver } from './shelter.resolver';
import { ShelterService } from './shelter.service';

@Module({
  providers: [
    regionScopeProvider,
    ShelterRepository,
    ShelterService,
    ShelterResolver,
    ShelterOccupancyResolver,
  ],
})
export class ShelterModule {}
