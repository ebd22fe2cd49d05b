import { defineFeature } from '@emergency/subgraph';
import { CreateOrganisation1763856100000 } from '../migrations/1763856100000-CreateOrganisation';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationModule } from './organisation.module';

export const ORGANISATION_FEATURE = defineFeature({
  module: OrganisationModule,
  entities: [OrganisationEntity],
  migrations: [CreateOrganisation1763856100000],
});
