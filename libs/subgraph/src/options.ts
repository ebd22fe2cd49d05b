import type { Type } from '@nestjs/common';
import type { HandlerBinding } from '@emergency/events';

/** A provider that applies other domains' events; the runtime runs it as an idempotent consumer. */
export interface EventProjector {
  /** Producing domains whose topics this projector reads, e.g. `['incidents']`. */
  readonly domains: readonly string[];
  bindings(): HandlerBinding[];
}

export interface SubgraphOptions {
  /** Service name: the default schema, Kafka client id, CloudEvents source and log `service` field. */
  service: string;
  defaultPort: number;
  /** The subgraph's own SDL; the shared declarations are prepended. */
  sdl: string;
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  entities: Function[];
  /** The service's own migrations; the runtime adds its tables' ones ({@link serviceMigrations} has the full list). */
  // eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
  migrations: Function[];
  /** Providers (declared in the app's modules) that consume events. */
  projectors?: Type<EventProjector>[];
  /**
   * The service stores ids of organisations: keep the `known_organisation` projection of the organisations topic
   * (table, migration and projector) and provide `KnownOrganisations` to check them.
   */
  knownOrganisations?: boolean;
}
