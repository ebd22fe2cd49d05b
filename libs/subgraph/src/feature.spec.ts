import { Injectable, Module, type DynamicModule } from '@nestjs/common';
import {
  CreateKnownOrganisations1795900000000,
  KnownOrganisationEntity,
  KnownOrganisationsProjector,
} from './known-organisations';
import { defineFeature } from './feature';
import type { EventProjector } from './options';
import {
  SubgraphModule,
  serviceEntities,
  serviceMigrations,
  serviceProjectors,
  subgraphOptionsOf,
} from './subgraph.module';

class CreateDepots1790000000000 {}
class AddDepotRegions1799000000000 {}
class CreateVehicles1795000000000 {}
class DepotEntity {}
class VehicleEntity {}

@Injectable()
class RoadClosureProjector implements EventProjector {
  readonly domains = ['incidents'];
  bindings() {
    return [];
  }
}

@Injectable()
class DepotService {}

@Module({ providers: [DepotService] })
class DepotModule {}

@Module({})
class VehicleModule {}

const DEPOT_FEATURE = defineFeature({
  module: DepotModule,
  entities: [DepotEntity],
  migrations: [CreateDepots1790000000000, AddDepotRegions1799000000000],
  projectors: [RoadClosureProjector],
});
const VEHICLE_FEATURE = defineFeature({
  module: VehicleModule,
  entities: [VehicleEntity],
  migrations: [CreateVehicles1795000000000],
});

const options = {
  service: 'fleet',
  defaultPort: 4999,
  sdl: 'type Query { ok: Boolean }',
  features: [DEPOT_FEATURE, VEHICLE_FEATURE],
};

describe('features', () => {
  it('give the service its migrations oldest first, whichever feature declares them, after the runtime’s own', () => {
    expect(serviceMigrations(options).map((m) => m.name)).toEqual([
      'CreateEventTables1763856000000',
      'CreateDepots1790000000000',
      'CreateVehicles1795000000000',
      'CreateEventGapTable1795445000000',
      'AddDepotRegions1799000000000',
    ]);
  });

  it('give the service its entities and projectors, the known-organisations ones last when the service keeps them', () => {
    expect(serviceEntities(options)).toEqual([DepotEntity, VehicleEntity]);
    expect(serviceProjectors(options)).toEqual([RoadClosureProjector]);
    const keeping = { ...options, knownOrganisations: true };
    expect(serviceEntities(keeping)).toEqual([DepotEntity, VehicleEntity, KnownOrganisationEntity]);
    expect(serviceProjectors(keeping)).toEqual([RoadClosureProjector, KnownOrganisationsProjector]);
    expect(serviceMigrations(keeping)).toContain(CreateKnownOrganisations1795900000000);
  });

  it('are imported by forRoot alone, each projector a provider of its feature’s module and of no other', () => {
    @Module({ imports: [SubgraphModule.forRoot({ ...options, knownOrganisations: true })] })
    class AppModule {}
    const root = (Reflect.getMetadata('imports', AppModule) as DynamicModule[])[0];
    const imports = root.imports ?? [];
    expect(imports).toContainEqual({ module: DepotModule, providers: [RoadClosureProjector] });
    expect(imports).toContain(VehicleModule);
    const known = imports.find((i) => 'module' in i && i.module.name === 'KnownOrganisationsModule');
    expect(known).toMatchObject({ providers: [KnownOrganisationsProjector] });
    expect(root.providers).not.toContain(RoadClosureProjector);
    expect(Reflect.getMetadata('providers', DepotModule)).toEqual([DepotService]);
    expect(subgraphOptionsOf(AppModule).features).toEqual([DEPOT_FEATURE, VEHICLE_FEATURE]);
  });

  it('refuse a projector the module also lists, a migration without its time, one declared twice, a projector module imported', () => {
    @Module({ providers: [RoadClosureProjector] })
    class ListingModule {}
    expect(() => defineFeature({ module: ListingModule, projectors: [RoadClosureProjector] })).toThrow(
      /RoadClosureProjector is declared in the feature/,
    );
    class AddDepotNotes {}
    expect(() => defineFeature({ module: DepotModule, migrations: [AddDepotNotes] })).toThrow(
      /AddDepotNotes does not end in its 13-digit creation time/,
    );
    @Module({})
    class OtherModule {}
    const again = defineFeature({ module: OtherModule, projectors: [RoadClosureProjector] });
    expect(() => SubgraphModule.forRoot({ ...options, features: [DEPOT_FEATURE, again] })).toThrow(
      /fleet: RoadClosureProjector declared by two features/,
    );
    @Module({ imports: [DepotModule] })
    class RouteModule {}
    const routes = defineFeature({ module: RouteModule });
    expect(() => SubgraphModule.forRoot({ ...options, features: [DEPOT_FEATURE, routes] })).toThrow(
      /fleet: RouteModule imports DepotModule, whose feature has projectors/,
    );
  });
});
