import {
  ApolloServerPluginInlineTraceDisabled,
  ApolloServerPluginSchemaReportingDisabled,
  ApolloServerPluginUsageReportingDisabled,
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
import { formatError, scalarResolvers, subgraphContext, subgraphTypeDefs } from '@emergency/graphql';
import {
  EventMetrics,
  JsonLogger,
  ServiceMetrics,
  Tracing,
  errorFields,
  graphqlObservation,
  healthHandlers,
} from '@emergency/observability';
import { GraphQLErrorPassthroughFilter } from './graphql-errors.filter';
import {
  CreateKnownOrganisations1795900000000,
  KnownOrganisationEntity,
  KnownOrganisations,
  KnownOrganisationsProjector,
} from './known-organisations';
import type { SubgraphOptions } from './options';
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
    });
    this.relay.start();
    this.eventMetrics.watchOutbox(() => outboxBacklog(this.dataSource));
    const kafka = createKafka(this.kafkaSettings());
    for (const type of this.options.projectors ?? []) {
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
        maxWaitTimeMs: 50,
        log: (level, msg, extra) => this.logger.entry(level, msg, { projector: type.name, ...extra }),
        observer,
      });
      this.eventMetrics.watchLag(() => consumer.lag());
      await consumer.start();
      this.consumers.push(consumer);
    }
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
 * access, JSON logs, health and metrics. Apps import `SubgraphModule.forRoot(...)` and their feature modules.
 */
@Global()
@Module({})
export class SubgraphModule {
  static forRoot(requested: SubgraphOptions): DynamicModule {
    const options = withKnownOrganisations(requested);
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
            entities: options.entities,
            migrations: serviceMigrations(requested),
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
      ...(options.knownOrganisations ? [KnownOrganisations, KnownOrganisationsProjector] : []),
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
            const logger = new JsonLogger(options.service, cfg.LOG_LEVEL);
            const identities = new ForwardedIdentityVerifier(cfg.GATEWAY_IDENTITY_SECRET, options.service);
            return {
              typeDefs: subgraphTypeDefs(options.sdl),
              resolvers: scalarResolvers,
              path: '/graphql',
              playground: false,
              introspection: !production,
              // Without introspection, "Did you mean ...?" in validation errors would still spell out the schema.
              hideSchemaDetailsFromClientErrors: production,
              includeStacktraceInErrorResponses: !production,
              csrfPrevention: true,
              // Nothing goes to Apollo's hosted services (federated traces, usage, schema), whatever APOLLO_*
              // variables the environment holds: the system sends nothing anywhere it was not configured to.
              plugins: [
                ApolloServerPluginInlineTraceDisabled(),
                ApolloServerPluginUsageReportingDisabled(),
                ApolloServerPluginSchemaReportingDisabled(),
                graphqlObservation(),
              ],
              context: ({ req }: { req: Request }) => subgraphContext(req, identities),
              formatError: formatError(production, (error) =>
                logger.entry('error', 'unexpected error in resolver', errorFields(error)),
              ),
            };
          },
        }),
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
        ...(options.knownOrganisations ? [KnownOrganisations] : []),
      ],
    };
  }
}

/** `options` with the known-organisations projection's table and projector (its migration: {@link serviceMigrations}). */
function withKnownOrganisations(options: SubgraphOptions): SubgraphOptions {
  if (!options.knownOrganisations) return options;
  return {
    ...options,
    entities: [...options.entities, KnownOrganisationEntity],
    projectors: [...(options.projectors ?? []), KnownOrganisationsProjector],
  };
}

// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
const migrationTime = (migration: Function) => Number(/\d{13}$/.exec(migration.name)?.[0] ?? 0);

/**
 * Every migration of a subgraph's schema, oldest first (the order TypeORM runs them in, by the timestamp that
 * ends each name): the event tables and the event-gap table, the service's own, and the known-organisations
 * table when the service keeps that projection. The one list both the service's start and `npm run migrate` use.
 */
// eslint-disable-next-line @typescript-eslint/no-unsafe-function-type
export function serviceMigrations(options: SubgraphOptions): Function[] {
  return [
    CreateEventTables1763856000000,
    CreateEventGapTable1795445000000,
    ...options.migrations,
    ...(options.knownOrganisations ? [CreateKnownOrganisations1795900000000] : []),
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
