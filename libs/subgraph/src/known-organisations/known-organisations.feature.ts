import { Global, Module } from '@nestjs/common';
import { defineFeature } from '../feature';
import { KnownOrganisationEntity } from './known-organisation.entity';
import { KnownOrganisations, KnownOrganisationsProjector } from './known-organisations';
import { RememberOrganisationTypes1796730500000 } from './known-organisation-types.migration';
import { CreateKnownOrganisations1795900000000 } from './known-organisations.migration';

/** Global: every feature module of a service that keeps the projection may inject `KnownOrganisations`. */
@Global()
@Module({ providers: [KnownOrganisations], exports: [KnownOrganisations] })
export class KnownOrganisationsModule {}

/** The `known_organisation` projection, added to a service's features by `forRoot({ knownOrganisations: true })`. */
export const KNOWN_ORGANISATIONS_FEATURE = defineFeature({
  module: KnownOrganisationsModule,
  entities: [KnownOrganisationEntity],
  migrations: [CreateKnownOrganisations1795900000000, RememberOrganisationTypes1796730500000],
  projectors: [KnownOrganisationsProjector],
});
