import { Module } from '@nestjs/common';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SubgraphModule } from '@emergency/subgraph';
import { CreateOrganisation1763856100000 } from './migrations/1763856100000-CreateOrganisation';
import { OrganisationEntity } from './organisation/organisation.entity';
import { OrganisationModule } from './organisation/organisation.module';

export const SERVICE = 'organisations';
export const DEFAULT_PORT = 4001;

@Module({
  imports: [
    SubgraphModule.forRoot({
      service: SERVICE,
      defaultPort: DEFAULT_PORT,
      sdl: readFileSync(join(__dirname, 'schema.graphql'), 'utf8'),
      entities: [OrganisationEntity],
      migrations: [CreateOrganisation1763856100000],
    }),
    OrganisationModule,
  ],
})
export class AppModule {}
