import type { Type } from '@nestjs/common';
import type { EventProjector } from './options';

/**
 * What one feature folder brings to its service, declared once beside it (`<feature>.feature.ts`) and listed in
 * `SubgraphModule.forRoot({ features })`, which imports the module, maps the entities, runs the migrations and
 * runs the projectors. Nothing a feature declares here is listed anywhere else.
 */
export interface Feature {
  /** The feature's Nest module: resolvers, services, repositories. Its projectors are not among its providers. */
  readonly module: Type<unknown>;
  /** The TypeORM entities of the feature's tables. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly entities: readonly Function[];
  /** The migrations that create and change those tables, each name ending in its 13-digit creation time. */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  readonly migrations: readonly Function[];
  /**
   * Providers that apply other domains' events, each run as an idempotent consumer. They are added to the
   * feature's module (so they inject its providers) and must not also be listed in its `providers`.
   */
  readonly projectors: readonly Type<EventProjector>[];
}

/** The parts of a {@link Feature}; those it lacks are empty. */
export interface FeatureDefinition {
  module: Type<unknown>;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities?: Function[];
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations?: Function[];
  projectors?: Type<EventProjector>[];
}

const TIMESTAMPED = /\d{13}$/;

/**
 * Declares a feature. Throws if a migration's name does not end in its 13-digit creation time (the service runs
 * every feature's migrations in that order, as TypeORM does) or if the module lists a projector among its own
 * providers (it would be declared twice).
 */
export function defineFeature(definition: FeatureDefinition): Feature {
  const feature: Feature = {
    module: definition.module,
    entities: [...(definition.entities ?? [])],
    migrations: [...(definition.migrations ?? [])],
    projectors: [...(definition.projectors ?? [])],
  };
  const untimed = feature.migrations.filter((m) => !TIMESTAMPED.test(m.name));
  if (untimed.length > 0)
    throw new Error(
      `${feature.module.name}: migration ${untimed.map((m) => m.name).join(', ')} does not end in its 13-digit creation time`,
    );
  const providers = (Reflect.getMetadata('providers', feature.module) ?? []) as unknown[];
  const twice = feature.projectors.filter((p) => providers.includes(p));
  if (twice.length > 0)
    throw new Error(
      `${feature.module.name}: projector ${twice.map((p) => p.name).join(', ')} is declared in the feature; remove it from the module's providers`,
    );
  return feature;
}

/** The time a migration was created, from the 13 digits that end its name. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export const migrationTime = (migration: Function) => Number(TIMESTAMPED.exec(migration.name)?.[0] ?? 0);
