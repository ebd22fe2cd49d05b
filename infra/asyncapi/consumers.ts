import 'reflect-metadata';
import type { Type } from '@nestjs/common';
import type { EventContract } from '@emergency/events';
import { serviceProjectors, subgraphOptionsOf, type EventProjector } from '@emergency/subgraph';
// The document lists who consumes each event, so it reads each service's root module: tooling that describes the
// whole system, not one app reaching into another.
/* eslint-disable no-restricted-imports */
import { AppModule as AuditModule } from '../../apps/audit/src/app.module';
import { AppModule as IncidentsModule } from '../../apps/incidents/src/app.module';
import { AppModule as OrganisationsModule } from '../../apps/organisations/src/app.module';
import { AppModule as PlansModule } from '../../apps/plans/src/app.module';
import { AppModule as SuppliesModule } from '../../apps/supplies/src/app.module';
/* eslint-enable no-restricted-imports */

/** One projector of one service, and the contracts it applies. */
export interface EventConsumer {
  service: string;
  projector: string;
  /** The Kafka consumer group the service runs the projector in (before any topic prefix). */
  groupId: string;
  contracts: EventContract<unknown>[];
}

const SERVICE_MODULES: Type<unknown>[] = [
  OrganisationsModule,
  PlansModule,
  SuppliesModule,
  IncidentsModule,
  AuditModule,
];

/**
 * Every event consumer in the system, read from the services' own module declarations: each projector a
 * service's features bring (the known-organisations projection included) and the contracts its `bindings()`
 * apply. Bindings only pair contracts with handlers, so they are read from the prototype without constructing the
 * projector.
 */
export function eventConsumers(): EventConsumer[] {
  return SERVICE_MODULES.flatMap((module) => {
    const options = subgraphOptionsOf(module);
    return serviceProjectors(options).map((type: Type<EventProjector>) => {
      const bindings = (Object.create(type.prototype) as EventProjector).bindings();
      return {
        service: options.service,
        projector: type.name,
        groupId: `${options.service}.${type.name}`,
        contracts: bindings.map((b) => b.contract),
      };
    });
  });
}
