import type { Feature } from '../feature';
import { CreateOrganisation1763856100000 } from '../migrations/1763856100000-CreateOrganisation';
import { OrganisationEntity } from './organisation.entity';
import { OrganisationModule } from './organisation.module';

export const ORGANISATION_FEATURE: Feature = {
  module: OrganisationModule,
  entities: [OrganisationEntity],
  migrations: [CreateOrganisation1763856100000],
};
