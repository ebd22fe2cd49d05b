import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginInlineTraceDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloFederationDriver, type ApolloFederationDriverConfig } from '@nestjs/apollo';
import {
  Controller,
  Get,
  Global,
  Inject,
  Injectable,
  Module,
  Req,
  Res,
  type DynamicModule,
  type OnApplicationBootstrap,
  type OnApplicationShutdown,
  type Type,
} from '@nestjs/common';
import { APP_FILTER, ModuleRef } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import type { Request, Response } from 'express';
import type { Producer } from 'kafkajs';
import { DataSource } from 'typeorm';
import { ForwardedIdentityVerifier } from '@emergency/auth';
import { subgraphConfig, type SubgraphConfig } from '@emergency/config';
import { contractRegistry } from '@emergency/contracts';
import { openServiceDatabase } from '@emergency/database';
import {
  ContractRegistry,
  CreateEventGapTable1795445000000,
  CreateEventTables1763856000000,
  IdempotentConsumer,
  Outbox,
  OutboxRelay,
  createKafka,
  createProducer,
  domainTopic,
  outboxBacklog,
} from '@emergency/events';
import {
  apolloServerPolicy,
  formatError,
  scalarResolvers,
  subgraphContext,
  subgraphTypeDefs,
  uncacheableResponses,
} from '@emergency/graphql';
import {
  EventMetrics,
  JsonLogger,
  ServiceMetrics,
  Tracing,
  errorFields,
  graphqlObservation,
  healthHandlers,
} from '@emergency/observability';
import { Clock } from './clock';
import { GraphQLErrorPassthroughFilter } from './graphql-errors.filter';
import { migrationTime, type Feature } from './feature';
import { KNOWN_ORGANISATIONS_FEATURE } from './known-organisations/known-organisations.feature';
import type { EventProjector, SubgraphOptions } from './options';
import { SUBGRAPH_CONFIG, SUBGRAPH_OPTIONS } from './tokens';

const KAFKA_PRODUCER = Symbol('KAFKA_PRODUCER');

/** Owns the service's background work: the outbox relay and event consumers, started after boot. */
@Injectable()
class EventRuntime implements OnApplicationBootstrap, OnApplicationShutdown {
  private relay?: OutboxRelay;
  private consumers: IdempotentConsumer[] = [];
  private producerConnected = false;

  constructor(
    @Inject(SUBGRAPH_OPTIONS) private readonly options: SubgraphOptions,
    @Inject(SUBGRAPH_CONFIG) private readonly config: SubgraphConfig,
    @Inject(KAFKA_PRODUCER) private readonly producer: Producer,
    private readonly dataSource: DataSource,
    private readonly registry: ContractRegistry,
    private readonly logger: JsonLogger,
    private readonly moduleRef: ModuleRef,
    private readonly eventMetrics: EventMetrics,
  ) {
    producer.on(producer.events.CONNECT, () => (this.producerConnected = true));
    producer.on(producer.events.DISCONNECT, () => (this.producerConnected = false));
  }

  get healthy() {
    return this.producerConnected;
  }

  async onApplicationBootstrap() {
    await this.producer.connect();
    this.producerConnected = true;
    const observer = this.eventMetrics.observer();
    this.relay = new OutboxRelay(this.dataSource, this.producer, {
      pollIntervalMs: this.config.OUTBOX_POLL_INTERVAL_MS,
      onError: (error) => this.logger.entry('error', 'outbox relay failed', errorFields(error)),
      observer,
      // Wakes on each commit of the service's outbox; the poll above is the fallback.
      listen: {
        url: this.config.DATABASE_URL,
        applicationName: `${this.options.service}-outbox-listener`,
        onError: (error) =>
          this.logger.entry('warn', 'outbox listener lost its connection; reconnecting', errorFields(error)),
      },
    });
    this.relay.start();
    this.eventMetrics.watchOutbox(() => outboxBacklog(this.dataSource));
    const kafka = createKafka(this.kafkaSettings());
    const consumers = serviceProjectors(this.options).map((type) => {
      const projector = this.moduleRef.get(type, { strict: false });
      const consumer = new IdempotentConsumer({
        kafka,
        producer: this.producer,
        dataSource: this.dataSource,
        groupId: `${this.config.KAFKA_TOPIC_PREFIX}${this.options.service}.${type.name}`,
        topics: projector.domains.map((d) => domainTopic(d, this.config.KAFKA_TOPIC_PREFIX)),
        registry: this.registry,
        handlers: projector.bindings(),
        sessionTimeoutMs: this.config.NODE_ENV === 'production' ? 10_000 : 3000,
        maxWaitTimeMs: this.config.KAFKA_CONSUMER_MAX_WAIT_MS,
        log: (level, msg, extra) => this.logger.entry(level, msg, { projector: type.name, ...extra }),
        observer,
      });
      this.eventMetrics.watchLag(() => consumer.lag());
      this.consumers.push(consumer);
      return consumer;
    });
    // Each projector is its own consumer group: they join their groups side by side.
    await Promise.all(consumers.map((consumer) => consumer.start()));
  }

  async onApplicationShutdown() {
    await Promise.allSettled(this.consumers.map((c) => c.stop()));
    await this.relay?.stop();
    await this.producer.disconnect();
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }

  kafkaSettings() {
    return {
      brokers: this.config.KAFKA_BROKERS,
      clientId: this.config.KAFKA_CLIENT_ID,
      idempotentProducer: this.config.KAFKA_IDEMPOTENT_PRODUCER,
      log: (level: 'debug' | 'info' | 'warn' | 'error', msg: string, extra: Record<string, unknown>) =>
        this.logger.entry(level, msg, extra),
    };
  }
}

@Controller()
class OpsController {
  private readonly health;

  constructor(
    private readonly metrics: ServiceMetrics,
    dataSource: DataSource,
    runtime: EventRuntime,
    @Inject(SUBGRAPH_OPTIONS) options: SubgraphOptions,
  ) {
    this.health = healthHandlers(
      () => [
        { name: 'database', check: async () => void (await dataSource.query('SELECT 1')) },
        {
          name: 'kafka',
          check: async () => {
            if (!runtime.healthy) throw new Error('producer not connected');
          },
        },
      ],
      options.service,
    );
  }

  @Get('health/live')
  live(@Req() req: Request, @Res() res: Response) {
    this.health.live(req, res);
  }

  @Get('health/ready')
  async ready(@Req() req: Request, @Res() res: Response) {
    await this.health.ready(req, res);
  }

  @Get('metrics')
  async expose(@Req() req: Request, @Res() res: Response) {
    await this.metrics.expose(req, res);
  }
}

/**
 * Everything a subgraph needs besides its domain: validated config, its own migrated schema, Kafka producer,
 * transactional outbox and relay, idempotent consumers, the Federation 2 GraphQL endpoint with gateway-only
 * access, JSON logs, health and metrics. An app imports `SubgraphModule.forRoot({ ..., features })` and nothing
 * else: it imports the features' modules and takes their entities, migrations and projectors.
 */
@Global()
@Module({})
export class SubgraphModule {
  static forRoot(options: SubgraphOptions): DynamicModule {
    const features = serviceFeatures(options);
    refuseImportsOfProjectorModules(options.service, features);
    const config = subgraphConfig(options.service, options.defaultPort);
    const providers = [
      { provide: SUBGRAPH_OPTIONS, useValue: options },
      { provide: SUBGRAPH_CONFIG, useFactory: () => config.load(process.env) },
      {
        provide: JsonLogger,
        inject: [SUBGRAPH_CONFIG],
        useFactory: (cfg: SubgraphConfig) => new JsonLogger(options.service, cfg.LOG_LEVEL),
      },
      { provide: ServiceMetrics, useFactory: () => new ServiceMetrics(options.service) },
      {
        provide: Tracing,
        inject: [SUBGRAPH_CONFIG],
        useFactory: (cfg: SubgraphConfig) =>
          new Tracing({ service: options.service, otlpEndpoint: cfg.OTEL_EXPORTER_OTLP_ENDPOINT }),
      },
      {
        provide: EventMetrics,
        inject: [ServiceMetrics],
        useFactory: (metrics: ServiceMetrics) => new EventMetrics(metrics.registry),
      },
      { provide: ContractRegistry, useFactory: contractRegistry },
      {
        provide: DataSource,
        inject: [SUBGRAPH_CONFIG],
        useFactory: (cfg: SubgraphConfig) =>
          openServiceDatabase({
            url: cfg.DATABASE_URL,
            schema: cfg.DATABASE_SCHEMA,
            applicationName: options.service,
            poolSize: cfg.DATABASE_POOL_SIZE,
            entities: serviceEntities(options),
            migrations: serviceMigrations(options),
            migrationsRun: cfg.MIGRATIONS_RUN,
          }),
      },
      {
        provide: KAFKA_PRODUCER,
        inject: [SUBGRAPH_CONFIG, JsonLogger],
        useFactory: (cfg: SubgraphConfig, logger: JsonLogger) =>
          createProducer(
            createKafka({
              brokers: cfg.KAFKA_BROKERS,
              clientId: cfg.KAFKA_CLIENT_ID,
              idempotentProducer: cfg.KAFKA_IDEMPOTENT_PRODUCER,
              log: (level, msg, extra) => logger.entry(level, msg, extra),
            }),
            { idempotentProducer: cfg.KAFKA_IDEMPOTENT_PRODUCER },
          ),
      },
      {
        provide: Outbox,
        inject: [ContractRegistry, SUBGRAPH_CONFIG],
        useFactory: (registry: ContractRegistry, cfg: SubgraphConfig) =>
          new Outbox(registry, `/emergency/${options.service}`, cfg.KAFKA_TOPIC_PREFIX),
      },
      EventRuntime,
      Clock,
      { provide: APP_FILTER, useClass: GraphQLErrorPassthroughFilter },
    ];
    return {
      module: SubgraphModule,
      controllers: [OpsController],
      imports: [
        GraphQLModule.forRootAsync<ApolloFederationDriverConfig>({
          driver: ApolloFederationDriver,
          useFactory: () => {
            const cfg = config.load(process.env);
            const production = cfg.NODE_ENV === 'production';
            const policy = apolloServerPolicy(production);
            const logger = new JsonLogger(options.service, cfg.LOG_LEVEL);
            const identities = new ForwardedIdentityVerifier(cfg.GATEWAY_IDENTITY_SECRET, options.service);
            return {
              typeDefs: subgraphTypeDefs(options.sdl),
              resolvers: scalarResolvers,
              path: '/graphql',
              playground: false,
              ...policy,
              plugins: [
                ...policy.plugins,
                // Federated traces would go to Apollo's hosted studio, which this system does not use.
                ApolloServerPluginInlineTraceDisabled(),
                // The same `cache-control: no-store` as Apollo's cache control, without its hook on every field.
                ApolloServerPluginCacheControlDisabled(),
                uncacheableResponses(),
                graphqlObservation(),
              ],
              context: ({ req }: { req: Request }) => subgraphContext(req, identities),
              formatError: formatError(production, (error) =>
                logger.entry('error', 'unexpected error in resolver', errorFields(error)),
              ),
            };
          },
        }),
        ...features.map(featureModule),
      ],
      providers,
      exports: [
        SUBGRAPH_CONFIG,
        SUBGRAPH_OPTIONS,
        JsonLogger,
        ServiceMetrics,
        Tracing,
        ContractRegistry,
        DataSource,
        Outbox,
        Clock,
      ],
    };
  }
}

/**
 * The service's features, then the ones the runtime adds: the known-organisations projection when asked for.
 * Throws if two features bring the same module, projector or migration.
 */
function serviceFeatures(options: SubgraphOptions): Feature[] {
  const features = [
    ...options.features,
    ...(options.knownOrganisations ? [KNOWN_ORGANISATIONS_FEATURE] : []),
  ];
  const repeated = (names: string[]) => names.filter((name, i) => names.indexOf(name) !== i);
  const twice = [
    ...repeated(features.map((f) => f.module.name)),
    ...repeated(features.flatMap((f) => f.projectors.map((p) => p.name))),
    ...repeated(features.flatMap((f) => f.migrations.map((m) => m.name))),
  ];
  if (twice.length > 0) throw new Error(`${options.service}: ${twice.join(', ')} declared by two features`);
  return features;
}

/**
 * A feature's module as the service imports it: with its projectors among its providers, so they inject what the
 * module provides. Such a module is imported nowhere else (another module importing it statically would get a
 * second instance, without the projectors).
 */
function featureModule(feature: Feature): Type<unknown> | DynamicModule {
  return feature.projectors.length === 0
    ? feature.module
    : { module: feature.module, providers: [...feature.projectors] };
}

/** The TypeORM entities of every table the service maps, in its features' order. */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function serviceEntities(options: SubgraphOptions): Function[] {
  return serviceFeatures(options).flatMap((f) => f.entities);
}

/**
 * Throws if a module that some feature's module imports (directly or further down) has projectors: that import
 * would make a second instance of it, without them.
 */
function refuseImportsOfProjectorModules(service: string, features: Feature[]): void {
  const withProjectors = new Set<unknown>(
    features.filter((f) => f.projectors.length > 0).map((f) => f.module),
  );
  const seen = new Set<unknown>();
  const visit = (module: Type<unknown>, imports: unknown[]) => {
    for (const imported of imports) {
      const dynamic = imported as Partial<DynamicModule> | undefined;
      const type = typeof imported === 'function' ? (imported as Type<unknown>) : dynamic?.module;
      if (!type) continue;
      if (withProjectors.has(type))
        throw new Error(
          `${service}: ${module.name} imports ${type.name}, whose feature has projectors; share what it needs from a module without them`,
        );
      if (seen.has(imported)) continue;
      seen.add(imported);
      visit(type, [
        ...((Reflect.getMetadata('imports', type) ?? []) as unknown[]),
        ...(dynamic?.imports ?? []),
      ]);
    }
  };
  for (const feature of features)
    visit(feature.module, (Reflect.getMetadata('imports', feature.module) ?? []) as unknown[]);
}

/**
 * Every event projector the service runs, in its features' order (the known-organisations one last), each as an
 * idempotent consumer in its own group, `<service>.<projector class name>`.
 */
export function serviceProjectors(options: SubgraphOptions): Type<EventProjector>[] {
  return serviceFeatures(options).flatMap((f) => f.projectors);
}

/**
 * Every migration of a subgraph's schema, oldest first (the order TypeORM runs them in, by the timestamp that
 * ends each name, whichever feature brings them: a migration may build on another feature's tables): the event
 * tables and the event-gap table, the service's features' own, and the known-organisations table when the service
 * keeps that projection. The one list both the service's start and `npm run migrate` use.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function serviceMigrations(options: SubgraphOptions): Function[] {
  return [
    CreateEventTables1763856000000,
    CreateEventGapTable1795445000000,
    ...serviceFeatures(options).flatMap((f) => f.migrations),
  ].sort((a, b) => migrationTime(a) - migrationTime(b));
}

/**
 * The options an app module gave `SubgraphModule.forRoot`, read back from the module's metadata, so that a
 * command working on the service's schema (`npm run migrate`) uses what the service itself uses without
 * starting it. Throws if the module does not import `SubgraphModule.forRoot(...)`.
 */
export function subgraphOptionsOf(appModule: Type<unknown>): SubgraphOptions {
  const imports = (Reflect.getMetadata('imports', appModule) ?? []) as unknown[];
  for (const imported of imports) {
    const dynamic = imported as Partial<DynamicModule> | undefined;
    if (dynamic?.module !== SubgraphModule) continue;
    const provider = dynamic.providers?.find(
      (p) => typeof p === 'object' && 'provide' in p && p.provide === SUBGRAPH_OPTIONS,
    );
    if (provider && 'useValue' in provider) return provider.useValue as SubgraphOptions;
  }
  throw new Error(`${appModule.name} does not import SubgraphModule.forRoot(...)`);
}
