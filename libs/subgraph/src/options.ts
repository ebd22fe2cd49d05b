import type { HandlerBinding } from '@emergency/events';
import type { Feature } from './feature';

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
  /**
   * The service's features ({@link defineFeature}): `forRoot` imports their modules and takes the service's entities,
   * migrations (oldest first, whichever feature they belong to) and event projectors from them.
   */
  features: Feature[];
  /**
   * The service stores ids of organisations: keep the `known_organisation` projection of the organisations topic
   * (table, migration and projector) and provide `KnownOrganisations` to check them.
   */
  knownOrganisations?: boolean;
}
