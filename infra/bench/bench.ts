import { cpus, loadavg } from 'node:os';
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@emergency/auth';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { KAFKA_CONSUMER_MAX_WAIT_MS_DEFAULT } from '@emergency/config';
import { domainTopic, fromKafkaMessage } from '@emergency/events';
import type { HiveMode } from './hive-gateway';
import { growLedger, ledgerRows } from './ledger';
import { formatLedgerScale, ledgerAtScale, type LedgerScaleReport } from './ledger-scale';
import { closedLoop, keepAliveAgent, median, percentile, post, type Operation } from './load';
import { plainCpuSnapshot, PLAIN_PROCESS, startPlainSubgraph, type PlainSubgraph } from './plain-subgraph';
import { cpuBetween, cpuSnapshot } from './processes';

/** Where the system under test is and how to speak to it. */
export interface BenchTarget {
  gatewayUrl: string;
  /** The incidents subgraph's GraphQL URL, for the one-subgraph query sent directly. */
  incidentsUrl: string;
  brokers: string[];
  /** An admin caller token the gateway accepts. */
  token: string;
  /** A token of another admin caller, named `subject`, for the scenarios with a caller per connection. */
  callerToken: (subject: string) => Promise<string>;
  /** The secret the gateway signs forwarded identity with. */
  identitySecret: string;
  /** The identity the token carries, signed again for direct subgraph requests. */
  identity: Identity;
  /** The process the system runs under, whose tree's CPU is measured; none for a system started elsewhere. */
  rootPid?: number;
  /** Hive Gateway on the same subgraphs, by mode; none for a system started elsewhere (no Hive rows). */
  hiveUrls?: Record<HiveMode, string>;
  /** The services' database, for the ledger preload; none for a system started elsewhere (no preload). */
  databaseUrl?: string;
  /** The audit subgraph's GraphQL URL, where the ledger at scale sends the fund's trace; else to the gateway. */
  auditUrl?: string;
}

export interface BenchSettings {
  connections: number;
  seconds: number;
  warmupSeconds: number;
  rounds: number;
  /** Contribution mutations whose audit event is waited for. */
  events: number;
  /** Of those, per second. */
  eventRate: number;
  /** The audit ledger's size (entries) for the second event latency measurement. */
  ledgerRows: number;
  /** Seconds of the idle measurement. */
  idleSeconds: number;
  /** The ledger at scale (infra/bench/ledger-scale.ts): the large fund's flows (100,000), the small one's (1,000). */
  ledgerScaleFlows?: { small: number; large: number; samples: number };
  /**
   * Only the closed-loop scenarios whose name contains this (any case), and none of the event, ledger and idle
   * measurements: a profile of one kind of work. Unset: everything.
   */
  only?: string;
  log: (line: string) => void;
}

/** One scenario's figures: medians over the rounds. */
export interface ScenarioResult {
  name: string;
  operationsPerSecond: number;
  operations: number;
  errors: number;
  errorSamples: string[];
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  /** CPU milliseconds per operation, by process; for the idle row, per second. */
  cpuMsPerOperation: Record<string, number>;
  /**
   * The whole system's CPU milliseconds per operation: every process's but the gateways' that did not serve the
   * scenario (the idle ones beside it); for the idle row, per second.
   */
  systemCpuMs: number;
  /** The audit ledger's entries when the event latency was measured. */
  ledgerRows?: number;
  /**
   * A closed-loop scenario's measured spans, one a round, as [from, to] in microseconds of the monotonic clock
   * (`process.hrtime`), the clock of V8's CPU profiles: what a profile's summary keeps (infra/bench/profile.ts).
   */
  measuredUs?: [number, number][];
}

/** A performance target of the system, its threshold, what this run measured and whether that meets it. */
export interface TargetResult {
  target: string;
  /** `>=` or `<=` the threshold. */
  comparison: '>=' | '<=';
  threshold: number;
  /** NaN when not measured. */
  measured: number;
  /** Undefined when not measured. */
  met?: boolean;
}

export interface BenchReport {
  startedAt: string;
  machine: {
    cpu: string;
    cores: number;
    node: string;
    /** 1, 5 and 15 minutes, when the benchmark started and when it ended: other work on the machine. */
    loadAverage: { start: number[]; end: number[] };
  };
  /** The run's settings, with the services' consumer fetch wait the event rows depend on. */
  settings: Omit<BenchSettings, 'log'> & { consumerMaxWaitMs: number };
  scenarios: ScenarioResult[];
  ratios: {
    oneSubgraphGatewayOverDirect: { throughput: number; p50: number; p99: number };
    /** Throughput, ours / Hive's, by scenario and Hive mode. */
    /** The same, throughput only, with a caller per connection (nothing can be merged). */
    oneSubgraphGatewayOverDirectCallers: number;
    oursOverHive: Record<
      'nested' | 'nestedCallers' | 'oneSubgraph' | 'oneSubgraphCallers' | 'typename',
      Record<HiveMode, number>
    >;
    /** The event latency's p99 / the bare kafkajs round trip's p99. */
    eventP99OverKafkaP99: number;
    /** The event latency's p99 on the grown ledger / on the seeded one. */
    eventP99GrownOverSeeded: number;
    /** CPU ms per request of the incidents process (direct) over the plain server's: NaN without CPU figures. */
    oneSubgraphNestOverPlainCpu: number;
  };
  /** The ledger at scale, when measured (not for a system started elsewhere, nor a BENCH_ONLY not naming it). */
  ledgerScale?: LedgerScaleReport;
  /** The targets, reported (the exit code does not depend on them). */
  targets: TargetResult[];
  /** What was left out and why. */
  notes: string[];
}

/** The gateways a query is sent through: ours and Hive Gateway in each mode. */
export const GATEWAYS = ['ours', 'dedup-on', 'dedup-off'] as const;
export type Gateway = (typeof GATEWAYS)[number];
/** Each gateway's process, as {@link processName} names it. */
const GATEWAY_PROCESS: Record<Gateway, string> = {
  ours: 'gateway',
  'dedup-on': 'hive dedup-on',
  'dedup-off': 'hive dedup-off',
};
const viaHive = (what: string, mode: HiveMode) => `${what}, Hive (${mode.replace('-', ' ')})`;

/**
 * The scenarios named so send each connection's requests as another caller: nothing of theirs may be merged, so
 * they show a gateway's own cost where the others, one caller on every connection, show its merging too.
 */
const A_CALLER_EACH = 'a caller per connection';

/** The scenarios, in the order of the table (and, the closed-loop ones, of each round). */
export const SCENARIOS = {
  nested: 'nested query, four subgraphs',
  nestedHiveOn: viaHive('nested query', 'dedup-on'),
  nestedHiveOff: viaHive('nested query', 'dedup-off'),
  nestedCallers: `nested query, ${A_CALLER_EACH}`,
  nestedCallersHiveOn: viaHive(`nested query, ${A_CALLER_EACH}`, 'dedup-on'),
  nestedCallersHiveOff: viaHive(`nested query, ${A_CALLER_EACH}`, 'dedup-off'),
  oneViaGateway: 'one subgraph, via gateway',
  oneHiveOn: viaHive('one subgraph', 'dedup-on'),
  oneHiveOff: viaHive('one subgraph', 'dedup-off'),
  oneCallers: `one subgraph, via gateway, ${A_CALLER_EACH}`,
  oneCallersHiveOn: viaHive(`one subgraph, ${A_CALLER_EACH}`, 'dedup-on'),
  oneCallersHiveOff: viaHive(`one subgraph, ${A_CALLER_EACH}`, 'dedup-off'),
  oneDirect: 'one subgraph, direct',
  onePlain: 'one subgraph, plain @apollo/subgraph',
  typename: '{ __typename }',
  typenameHiveOn: viaHive('{ __typename }', 'dedup-on'),
  typenameHiveOff: viaHive('{ __typename }', 'dedup-off'),
  mutations: 'mutation mix',
  events: 'event: mutation → FundFlowRecorded',
  kafka: 'event: bare kafkajs round trip',
  eventsGrown: 'event: mutation → FundFlowRecorded, ledger grown',
  idle: 'idle (CPU ms per second)',
} as const;

/** The ledger-at-scale measurement's name, as BENCH_ONLY selects it (it is not a closed-loop scenario). */
export const LEDGER_SCALE = 'ledger at scale';

/**
 * What a run covers: the closed-loop scenarios whose name contains `only` (all when unset), and whether the
 * ledger at scale is measured (when `only` is unset or names it). A BENCH_ONLY that selects neither is an error.
 */
export function selection<T extends { name: string }>(
  scenarios: T[],
  only: string | undefined,
): { scenarios: T[]; ledgerScale: boolean } {
  const ledgerScale = chosenBy(only, LEDGER_SCALE);
  if (only && ledgerScale)
    return { scenarios: scenarios.filter(({ name }) => chosenBy(only, name)), ledgerScale };
  return { scenarios: onlyScenarios(scenarios, only), ledgerScale };
}

/**
 * incidents → funds → allocations (organisations: name, plans: plans) → procurements (supplies). The demo fund's two
 * allocations, and only those: the mutation mix adds allocations to the same fund, after them (oldest first), and
 * the query must do the same work in every round.
 */
export const NESTED_QUERY = `query Nested {
  incidents(first: 3) {
    edges { node { id title severity funds {
      id name raisedFen allocatedFen
      allocations(first: 2) { edges { node {
        id amountFen purpose
        recipientOrganisation { id name plans(first: 3) { edges { node { id title } } } }
        procurements(first: 5) { edges { node { id supplierName itemDescription quantity amountFen } } }
      } } }
    } } }
  }
}`;

export const ONE_SUBGRAPH_QUERY = `query OneSubgraph {
  incidents(first: 10) { edges { node { id title severity category regionCode occurredAt } } }
}`;

const CONTRIBUTE = `mutation Contribute($input: RecordFundContributionInput!) { recordFundContribution(input: $input) { id } }`;
const ALLOCATE = `mutation Allocate($input: AllocateFundInput!) { allocateFund(input: $input) { id } }`;

interface DemoFund {
  fundId: string;
  recipientId: string;
}

const gatewayOp = (
  target: BenchTarget,
  query: string,
  variables: Record<string, unknown> = {},
  gateway: Gateway = 'ours',
  token = target.token,
): Operation => ({
  url: gateway === 'ours' ? target.gatewayUrl : target.hiveUrls![gateway],
  body: JSON.stringify({ query, variables }),
  headers: { authorization: `Bearer ${token}` },
});

/** The same request the gateway would send the incidents subgraph: signed for this body, once. */
function directOp(target: BenchTarget, query: string): Operation {
  const body = { query, variables: {} };
  return {
    url: target.incidentsUrl,
    body: JSON.stringify(body),
    headers: {
      [IDENTITY_HEADER]: signForwardedIdentity(target.identity, target.identitySecret, {
        subgraph: 'incidents',
        body,
      }),
    },
  };
}

/** A request straight to the audit subgraph, signed as the gateway would sign it for this body. */
function auditOp(
  target: BenchTarget,
  url: string,
  query: string,
  variables: Record<string, unknown>,
): Operation {
  const body = { query, variables };
  return {
    url,
    body: JSON.stringify(body),
    headers: {
      [IDENTITY_HEADER]: signForwardedIdentity(target.identity, target.identitySecret, {
        subgraph: 'audit',
        body,
      }),
    },
  };
}

/** The demo data's fund and one organisation it has allocated to; the nested query must find them. */
async function demoFund(target: BenchTarget): Promise<DemoFund> {
  const agent = keepAliveAgent(1);
  try {
    const answer = (await post(agent, gatewayOp(target, NESTED_QUERY))) as {
      data?: {
        incidents: {
          edges: {
            node: {
              funds: {
                id: string;
                allocations: { edges: { node: { recipientOrganisation: { id: string } | null } }[] };
              }[];
            };
          }[];
        };
      };
      errors?: unknown[];
    };
    if (answer.errors?.length) throw new Error(`nested query: ${JSON.stringify(answer.errors)}`);
    for (const { node } of answer.data?.incidents.edges ?? []) {
      for (const fund of node.funds) {
        const recipient = fund.allocations.edges.find((e) => e.node.recipientOrganisation)?.node;
        if (recipient) return { fundId: fund.id, recipientId: recipient.recipientOrganisation!.id };
      }
    }
    throw new Error('the demo data has no fund with an allocation: is it loaded?');
  } finally {
    agent.destroy();
  }
}

function mutationMix(target: BenchTarget, fund: DemoFund): () => Operation {
  let n = 0;
  return () =>
    n++ % 2 === 0
      ? gatewayOp(target, CONTRIBUTE, {
          input: {
            fundId: fund.fundId,
            kind: 'DONATION',
            channel: 'DOMESTIC',
            status: 'PAID',
            paidOn: '2026-07-10',
            voucherNumber: `BENCH-${n}`,
            amountFen: '10000',
            contributorName: `Benchmark donor ${n}`,
          },
        })
      : gatewayOp(target, ALLOCATE, {
          input: {
            fundId: fund.fundId,
            organisationId: fund.recipientId,
            amountFen: '100',
            purposeCategory: 'OTHER',
            purpose: `Benchmark allocation ${n}`,
          },
        });
}

interface RoundFigures {
  operations: number;
  errors: number;
  errorSamples: string[];
  operationsPerSecond: number;
  p50Ms: number;
  p95Ms: number;
  p99Ms: number;
  cpuMsPerOperation: Record<string, number>;
  systemCpuMs: number;
  measuredUs: [number, number];
}

/** A closed-loop scenario: its name, the gateway it goes through (none: straight to a subgraph), its requests. */
interface ClosedLoopScenario {
  name: string;
  gateway?: Gateway;
  next: (connection: number) => Operation;
}

/** The whole system's CPU from each process's: all but the gateways that are not `gateway`. */
function systemCpu(byProcess: Record<string, number>, gateway: Gateway | undefined): number {
  const others = new Set(GATEWAYS.filter((g) => g !== gateway).map((g) => GATEWAY_PROCESS[g]));
  return Object.entries(byProcess)
    .filter(([name]) => !others.has(name))
    .reduce((sum, [, ms]) => sum + ms, 0);
}

const nowUs = () => Number(process.hrtime.bigint() / 1000n);

async function runScenario(
  target: BenchTarget,
  settings: BenchSettings,
  scenario: ClosedLoopScenario,
  plainPid?: number,
): Promise<RoundFigures> {
  const agent = keepAliveAgent(settings.connections);
  const snapshot = (rootPid: number) =>
    new Map([...cpuSnapshot(rootPid), ...(plainPid ? plainCpuSnapshot(plainPid) : [])]);
  try {
    if (settings.warmupSeconds > 0)
      await closedLoop(agent, settings.connections, settings.warmupSeconds, scenario.next);
    const before = target.rootPid ? snapshot(target.rootPid) : undefined;
    const from = nowUs();
    const result = await closedLoop(agent, settings.connections, settings.seconds, scenario.next);
    const measuredUs: [number, number] = [from, nowUs()];
    const used = before && target.rootPid ? cpuBetween(before, snapshot(target.rootPid)) : new Map();
    const operations = result.operations + result.errors;
    const cpuMsPerOperation: Record<string, number> = Object.fromEntries(
      [...used].map(([name, ms]) => [name, operations > 0 ? ms / operations : Number.NaN]),
    );
    return {
      operations: result.operations,
      errors: result.errors,
      errorSamples: result.errorSamples,
      operationsPerSecond: result.operations / result.seconds,
      p50Ms: percentile(result.latenciesMs, 50),
      p95Ms: percentile(result.latenciesMs, 95),
      p99Ms: percentile(result.latenciesMs, 99),
      cpuMsPerOperation,
      systemCpuMs: used.size > 0 ? systemCpu(cpuMsPerOperation, scenario.gateway) : Number.NaN,
      measuredUs,
    };
  } finally {
    agent.destroy();
  }
}

function medianOfRounds(name: string, rounds: RoundFigures[]): ScenarioResult {
  const processes = new Set(rounds.flatMap((r) => Object.keys(r.cpuMsPerOperation)));
  return {
    name,
    operationsPerSecond: median(rounds.map((r) => r.operationsPerSecond)),
    operations: rounds.reduce((sum, r) => sum + r.operations, 0),
    errors: rounds.reduce((sum, r) => sum + r.errors, 0),
    errorSamples: rounds.flatMap((r) => r.errorSamples).slice(0, 5),
    p50Ms: median(rounds.map((r) => r.p50Ms)),
    p95Ms: median(rounds.map((r) => r.p95Ms)),
    p99Ms: median(rounds.map((r) => r.p99Ms)),
    cpuMsPerOperation: Object.fromEntries(
      [...processes].map((p) => [p, median(rounds.map((r) => r.cpuMsPerOperation[p] ?? Number.NaN))]),
    ),
    systemCpuMs: median(rounds.map((r) => r.systemCpuMs)),
    measuredUs: rounds.map((r) => r.measuredUs),
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Figures of a measurement that is not closed-loop: latencies only, at the rate they were sent. */
function openLoopFigures(
  name: string,
  latencies: number[],
  errors: number,
  errorSamples: string[],
  seconds: number,
): ScenarioResult {
  return {
    name,
    operationsPerSecond: latencies.length / seconds,
    operations: latencies.length,
    errors,
    errorSamples,
    p50Ms: percentile(latencies, 50),
    p95Ms: percentile(latencies, 95),
    p99Ms: percentile(latencies, 99),
    cpuMsPerOperation: {},
    systemCpuMs: Number.NaN,
  };
}

/** A consumer of `topic` from its latest offset, joined and assigned before it returns. */
async function latestConsumer(
  kafka: Kafka,
  topic: string,
  onMessage: (message: KafkaMessage, receivedAt: bigint) => void,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `bench-${process.pid}-${Date.now()}-${topic}`,
    // The services' own setting, so that the bare round trip is measured as their consumers fetch: the local
    // broker holds an empty fetch this long even when a message arrives.
    maxWaitTimeInMs: consumerMaxWaitMs(),
  });
  await consumer.connect();
  const joined = new Promise<void>((resolve) => consumer.on(consumer.events.GROUP_JOIN, () => resolve()));
  await consumer.subscribe({ topics: [topic], fromBeginning: false });
  await consumer.run({
    eachMessage: async ({ message }) => onMessage(message, process.hrtime.bigint()),
  });
  await joined;
  return consumer;
}

/** The services' consumer fetch wait, as the system under test was started with it. */
const consumerMaxWaitMs = () =>
  Number(process.env.KAFKA_CONSUMER_MAX_WAIT_MS ?? KAFKA_CONSUMER_MAX_WAIT_MS_DEFAULT);

const kafkaOf = (target: BenchTarget) =>
  new Kafka({ clientId: 'bench', brokers: target.brokers, logLevel: logLevel.NOTHING });

/**
 * (e) Event latency: from each contribution mutation's answer to the audit's FundFlowRecorded event for it
 * (its `flowId` is the contribution's id) on the audit topic; `settings.events` mutations at `eventRate` a
 * second.
 */
async function eventLatency(
  target: BenchTarget,
  settings: BenchSettings,
  fund: DemoFund,
  name: string,
): Promise<ScenarioResult> {
  const kafka = kafkaOf(target);
  const answered = new Map<string, bigint>();
  const latencies: number[] = [];
  const received = new Map<string, bigint>();
  const match = (flowId: string) => {
    const sent = answered.get(flowId);
    const got = received.get(flowId);
    if (sent !== undefined && got !== undefined) {
      latencies.push(Number(got - sent) / 1e6);
      answered.delete(flowId);
    }
  };
  const audit = await latestConsumer(kafka, domainTopic('audit'), (message, at) => {
    try {
      const event = fromKafkaMessage(message);
      const flowId = (event.data as { flowId?: string }).flowId;
      if (!event.type.includes('FundFlowRecorded') || !flowId) return;
      received.set(flowId, at);
      match(flowId);
    } catch {
      // not an event
    }
  });
  const agent = keepAliveAgent(2);
  let errors = 0;
  const errorSamples: string[] = [];
  const mix = mutationMix(target, fund);
  try {
    await sleep(1000); // the consumer's first fetch fixes the latest offset
    const pending: Promise<void>[] = [];
    for (let i = 0; i < settings.events; i++) {
      const op = mix(); // even calls contribute
      mix();
      pending.push(
        post(agent, op).then(
          (answer) => {
            const id = (answer.data as { recordFundContribution?: { id: string } } | undefined)
              ?.recordFundContribution?.id;
            if (answer.errors?.length || !id) {
              errors++;
              if (errorSamples.length < 5) errorSamples.push(JSON.stringify(answer.errors).slice(0, 300));
              return;
            }
            answered.set(id, process.hrtime.bigint());
            match(id);
          },
          (error: Error) => {
            errors++;
            if (errorSamples.length < 5) errorSamples.push(error.message);
          },
        ),
      );
      await sleep(1000 / settings.eventRate);
    }
    await Promise.all(pending);
    const deadline = Date.now() + 30_000;
    while (answered.size > 0 && Date.now() < deadline) await sleep(50);
    if (answered.size > 0) {
      errors += answered.size;
      errorSamples.push(`${answered.size} contribution(s) had no FundFlowRecorded within 30 s`);
    }
  } finally {
    agent.destroy();
    await audit.disconnect();
  }
  return openLoopFigures(name, latencies, errors, errorSamples, settings.events / settings.eventRate);
}

/** The broker's own round trip: a kafkajs produce, awaited, to a consumer's receipt, at the events' rate. */
async function kafkaRoundTrip(target: BenchTarget, settings: BenchSettings): Promise<ScenarioResult> {
  const kafka = kafkaOf(target);
  const topic = `bench.roundtrip.${process.pid}`;
  const sentAt = new Map<string, bigint>();
  const roundTrips: number[] = [];
  const producer = kafka.producer({ allowAutoTopicCreation: true });
  await producer.connect();
  await producer.send({ topic, messages: [{ value: 'create' }] });
  const echo = await latestConsumer(kafka, topic, (message, at) => {
    const value = message.value?.toString() ?? '';
    const sent = sentAt.get(value);
    if (sent !== undefined) {
      roundTrips.push(Number(at - sent) / 1e6);
      sentAt.delete(value);
    }
  });
  try {
    await sleep(1000);
    for (let i = 0; i < settings.events; i++) {
      const key = `m${i}`;
      sentAt.set(key, process.hrtime.bigint());
      await producer.send({ topic, messages: [{ value: key }] });
      await sleep(1000 / settings.eventRate);
    }
    const deadline = Date.now() + 10_000;
    while (sentAt.size > 0 && Date.now() < deadline) await sleep(20);
  } finally {
    await echo.disconnect();
    await producer.disconnect();
  }
  const lost = sentAt.size;
  return openLoopFigures(
    SCENARIOS.kafka,
    roundTrips,
    lost,
    lost ? [`${lost} not received`] : [],
    settings.events / settings.eventRate,
  );
}

/** (f) Idle: each process's CPU over `idleSeconds` with no load, in milliseconds a second. */
async function idle(target: BenchTarget, settings: BenchSettings): Promise<ScenarioResult> {
  const before = target.rootPid ? cpuSnapshot(target.rootPid) : undefined;
  const started = process.hrtime.bigint();
  await sleep(settings.idleSeconds * 1000);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  const used = before && target.rootPid ? cpuBetween(before, cpuSnapshot(target.rootPid)) : new Map();
  const cpuMsPerSecond: Record<string, number> = Object.fromEntries(
    [...used].map(([name, ms]) => [name, ms / seconds]),
  );
  return {
    name: SCENARIOS.idle,
    operationsPerSecond: Number.NaN,
    operations: 0,
    errors: 0,
    errorSamples: [],
    p50Ms: Number.NaN,
    p95Ms: Number.NaN,
    p99Ms: Number.NaN,
    cpuMsPerOperation: cpuMsPerSecond,
    systemCpuMs: used.size > 0 ? Object.values(cpuMsPerSecond).reduce((sum, ms) => sum + ms, 0) : Number.NaN,
  };
}

const loadAverage = () => loadavg().map((l) => Math.round(l * 100) / 100);

/** The machine the figures come from; `loadAtStart` is {@link loadavg} when the benchmark started. */
export function machine(loadAtStart: number[]): BenchReport['machine'] {
  const cores = cpus();
  return {
    cpu: cores[0]?.model.trim() ?? 'unknown',
    cores: cores.length,
    node: process.version,
    loadAverage: { start: loadAtStart, end: loadAverage() },
  };
}

const chosenBy = (only: string | undefined, name: string) =>
  !only || name.toLowerCase().includes(only.toLowerCase());

/** The scenarios whose name contains `only` (any case), all when it is unset; none is an error that lists them. */
export function onlyScenarios<T extends { name: string }>(scenarios: T[], only: string | undefined): T[] {
  const chosen = scenarios.filter(({ name }) => chosenBy(only, name));
  if (chosen.length === 0)
    throw new Error(`no scenario's name contains "${only}": ${scenarios.map(({ name }) => name).join('; ')}`);
  return chosen;
}

/** The closed-loop scenarios of each round, in order; the Hive rows only when Hive Gateway runs. */
function closedLoopScenarios(
  target: BenchTarget,
  fund: DemoFund,
  plain: PlainSubgraph | undefined,
  callers: readonly string[],
): ClosedLoopScenario[] {
  const gateways = GATEWAYS.filter((g) => g === 'ours' || target.hiveUrls);
  const through = (
    names: Record<Gateway, string>,
    query: string,
    tokens?: readonly string[],
  ): ClosedLoopScenario[] =>
    gateways.map((gateway) => ({
      name: names[gateway],
      gateway,
      next: (connection) => gatewayOp(target, query, {}, gateway, tokens?.[connection]),
    }));
  return [
    ...through(
      { ours: SCENARIOS.nested, 'dedup-on': SCENARIOS.nestedHiveOn, 'dedup-off': SCENARIOS.nestedHiveOff },
      NESTED_QUERY,
    ),
    ...through(
      {
        ours: SCENARIOS.nestedCallers,
        'dedup-on': SCENARIOS.nestedCallersHiveOn,
        'dedup-off': SCENARIOS.nestedCallersHiveOff,
      },
      NESTED_QUERY,
      callers,
    ),
    ...through(
      { ours: SCENARIOS.oneViaGateway, 'dedup-on': SCENARIOS.oneHiveOn, 'dedup-off': SCENARIOS.oneHiveOff },
      ONE_SUBGRAPH_QUERY,
    ),
    ...through(
      {
        ours: SCENARIOS.oneCallers,
        'dedup-on': SCENARIOS.oneCallersHiveOn,
        'dedup-off': SCENARIOS.oneCallersHiveOff,
      },
      ONE_SUBGRAPH_QUERY,
      callers,
    ),
    { name: SCENARIOS.oneDirect, next: () => directOp(target, ONE_SUBGRAPH_QUERY) },
    ...(plain
      ? [
          {
            name: SCENARIOS.onePlain,
            next: () => ({ ...directOp(target, ONE_SUBGRAPH_QUERY), url: plain.url }),
          },
        ]
      : []),
    ...through(
      {
        ours: SCENARIOS.typename,
        'dedup-on': SCENARIOS.typenameHiveOn,
        'dedup-off': SCENARIOS.typenameHiveOff,
      },
      '{ __typename }',
    ),
    { name: SCENARIOS.mutations, gateway: 'ours', next: mutationMix(target, fund) },
  ];
}

const target = (
  name: string,
  comparison: TargetResult['comparison'],
  threshold: number,
  measured: number,
): TargetResult => ({
  target: name,
  comparison,
  threshold,
  measured,
  met: Number.isFinite(measured)
    ? comparison === '>='
      ? measured >= threshold
      : measured <= threshold
    : undefined,
});

/** The targets against this run's figures: for one caller on every connection, and for a caller each. */
function targetsOf(byName: (name: string) => ScenarioResult | undefined, ratios: BenchReport['ratios']) {
  const each = `, ${A_CALLER_EACH}`;
  const nested = (callers: string, hive: Record<HiveMode, number>, scenario: string) => [
    target(`nested query${callers}: ours / Hive (dedup on), throughput`, '>=', 1, hive['dedup-on']),
    target(`nested query${callers}: ours / Hive (dedup off), throughput`, '>=', 1, hive['dedup-off']),
    target(
      `nested query${callers}: whole-system CPU ms per operation`,
      '<=',
      8,
      byName(scenario)?.systemCpuMs ?? NaN,
    ),
  ];
  return [
    ...nested('', ratios.oursOverHive.nested, SCENARIOS.nested),
    ...nested(each, ratios.oursOverHive.nestedCallers, SCENARIOS.nestedCallers),
    target(
      'one subgraph: via gateway / direct, throughput',
      '>=',
      0.75,
      ratios.oneSubgraphGatewayOverDirect.throughput,
    ),
    target(
      `one subgraph${each}: via gateway / direct, throughput`,
      '>=',
      0.75,
      ratios.oneSubgraphGatewayOverDirectCallers,
    ),
    target(
      'one subgraph: CPU per request, Nest subgraph / plain @apollo/subgraph',
      '<=',
      1.2,
      ratios.oneSubgraphNestOverPlainCpu,
    ),
    target('event: p99 / bare kafkajs p99', '<=', 2, ratios.eventP99OverKafkaP99),
    target('event: p99 on the grown ledger / on the seeded one', '<=', 1.25, ratios.eventP99GrownOverSeeded),
    target(
      'mutation mix: operations per second',
      '>=',
      300,
      byName(SCENARIOS.mutations)?.operationsPerSecond ?? NaN,
    ),
  ];
}

/** The ledger's targets against its figures (not measured: NaN). */
function ledgerTargets(report: LedgerScaleReport | undefined): TargetResult[] {
  const read = (name: string) => report?.reads.find((r) => r.name.startsWith(name))?.ratio ?? Number.NaN;
  const worstPage = Math.max(
    ...(report?.reads.filter((r) => r.name.includes('page')).map((r) => r.ratio) ?? [Number.NaN]),
  );
  return [
    target('ledger: totals of the large fund / the SQL statement', '<=', 2, read('totals')),
    target('ledger: any page of the large fund’s flows / the SQL statement (worst)', '<=', 2, worstPage),
    target('ledger: fund trace at the large fund / at the small one', '<=', 1.2, report?.trace.ratio ?? NaN),
    target(
      'ledger: audit RSS growth over the large fund’s traces, MiB',
      '<=',
      16,
      report?.auditRssMiB.growthLarge ?? NaN,
    ),
  ];
}

/**
 * (e) The event latency on the ledger as it is, the bare kafkajs round trip, the event latency on the ledger grown
 * to `ledgerRows` (not for a system started elsewhere: a note says so); (f) the idle system.
 */
async function eventsAndIdle(
  target: BenchTarget,
  settings: BenchSettings,
  fund: DemoFund,
  notes: string[],
): Promise<ScenarioResult[]> {
  const results: ScenarioResult[] = [];
  const rows = async () => (target.databaseUrl ? ledgerRows(target.databaseUrl) : undefined);
  settings.log(`event latency: ${settings.events} contributions at ${settings.eventRate}/s`);
  const seededRows = await rows();
  results.push({ ...(await eventLatency(target, settings, fund, SCENARIOS.events)), ledgerRows: seededRows });
  results.push(await kafkaRoundTrip(target, settings));
  if (target.databaseUrl) {
    settings.log(`growing the audit's ledger to ${settings.ledgerRows} rows (benchmark-only preload)`);
    const grownRows = await growLedger(target.databaseUrl, settings.ledgerRows);
    settings.log(`event latency on ${grownRows} ledger rows`);
    results.push({
      ...(await eventLatency(target, settings, fund, SCENARIOS.eventsGrown)),
      ledgerRows: grownRows,
    });
  } else {
    notes.push(
      'ledger preload skipped: measuring a running system (BENCH_GATEWAY_URL), whose database is its own',
    );
  }
  settings.log(`idle: ${settings.idleSeconds} s`);
  results.push(await idle(target, settings));
  return results;
}

/**
 * The benchmark: the closed-loop scenarios (a)–(d) interleaved in rounds, medians of the rounds; then (e) the event
 * latency on the ledger as it is, the bare kafkajs round trip, and the event latency again on the ledger grown to
 * `ledgerRows` (not for a system started elsewhere); then (f) the idle system; then the ledger at scale
 * (infra/bench/ledger-scale.ts). With `only`, the closed-loop scenarios it names alone, and the ledger at scale when
 * it names that.
 */
export async function runBench(target: BenchTarget, settings: BenchSettings): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverage();
  const notes: string[] = [];
  const fund = await demoFund(target);
  if (!target.hiveUrls)
    notes.push('Hive Gateway not measured: it runs only in a system the benchmark starts');
  // The incidents subgraph as a plain @apollo/subgraph server, beside the system's (plain-subgraph.ts).
  const plain =
    target.rootPid && chosenBy(settings.only, SCENARIOS.onePlain)
      ? await startPlainSubgraph(target.rootPid)
      : undefined;
  const callers = await Promise.all(
    Array.from({ length: settings.connections }, (_, n) => target.callerToken(`bench-caller-${n + 1}`)),
  );
  const chosen = selection(closedLoopScenarios(target, fund, plain, callers), settings.only);
  const scenarios = chosen.scenarios;
  const rounds = new Map<string, RoundFigures[]>(scenarios.map(({ name }) => [name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const scenario of scenarios) {
      const figures = await runScenario(target, settings, scenario, plain?.pid);
      rounds.get(scenario.name)!.push(figures);
      settings.log(
        `round ${round}/${settings.rounds}  ${scenario.name.padEnd(40)} ${figures.operationsPerSecond.toFixed(0)} ops/s` +
          `  p50 ${figures.p50Ms.toFixed(1)} ms${figures.errors ? `  ${figures.errors} errors` : ''}`,
      );
    }
  }
  await plain?.stop();
  const results = scenarios.map(({ name }) => medianOfRounds(name, rounds.get(name)!));

  if (settings.only) {
    notes.push(
      `only the closed-loop scenarios whose name contains "${settings.only}" (BENCH_ONLY): ` +
        'no event, ledger or idle measurement',
    );
  } else {
    results.push(...(await eventsAndIdle(target, settings, fund, notes)));
  }

  // Last: its funds must not count in the seeded ledger the event latency is first measured on.
  let ledgerScale: LedgerScaleReport | undefined;
  if (chosen.ledgerScale && target.databaseUrl) {
    const agent = keepAliveAgent(1);
    try {
      const sizes = settings.ledgerScaleFlows ?? { small: 1_000, large: 100_000, samples: 50 };
      ledgerScale = await ledgerAtScale(
        target.databaseUrl,
        { smallFlows: sizes.small, largeFlows: sizes.large, samples: sizes.samples },
        {
          // The audit subgraph's own answer: no query planning in it, and no dependence on the composed supergraph.
          via: target.auditUrl ? 'the audit subgraph' : 'the gateway',
          post: (query, variables) =>
            post(
              agent,
              target.auditUrl
                ? auditOp(target, target.auditUrl, query, variables)
                : gatewayOp(target, query, variables),
            ),
        },
        target.rootPid,
        settings.log,
      );
    } finally {
      agent.destroy();
    }
  } else if (chosen.ledgerScale) {
    notes.push(
      'ledger at scale skipped: measuring a running system (BENCH_GATEWAY_URL), whose database is its own',
    );
  }

  const byName = (name: string) => results.find((r) => r.name === name);
  const throughput = (name: string) => byName(name)?.operationsPerSecond ?? Number.NaN;
  const p99 = (name: string) => byName(name)?.p99Ms ?? Number.NaN;
  const over = (ours: string, on: string, off: string): Record<HiveMode, number> => ({
    'dedup-on': throughput(ours) / throughput(on),
    'dedup-off': throughput(ours) / throughput(off),
  });
  const p50 = (name: string) => byName(name)?.p50Ms ?? Number.NaN;
  const { oneViaGateway: via, oneDirect: direct } = SCENARIOS;
  const ratios: BenchReport['ratios'] = {
    oneSubgraphGatewayOverDirect: {
      throughput: throughput(via) / throughput(direct),
      p50: p50(via) / p50(direct),
      p99: p99(via) / p99(direct),
    },
    oneSubgraphGatewayOverDirectCallers: throughput(SCENARIOS.oneCallers) / throughput(direct),
    oursOverHive: {
      nested: over(SCENARIOS.nested, SCENARIOS.nestedHiveOn, SCENARIOS.nestedHiveOff),
      nestedCallers: over(
        SCENARIOS.nestedCallers,
        SCENARIOS.nestedCallersHiveOn,
        SCENARIOS.nestedCallersHiveOff,
      ),
      oneSubgraph: over(SCENARIOS.oneViaGateway, SCENARIOS.oneHiveOn, SCENARIOS.oneHiveOff),
      oneSubgraphCallers: over(SCENARIOS.oneCallers, SCENARIOS.oneCallersHiveOn, SCENARIOS.oneCallersHiveOff),
      typename: over(SCENARIOS.typename, SCENARIOS.typenameHiveOn, SCENARIOS.typenameHiveOff),
    },
    eventP99OverKafkaP99: p99(SCENARIOS.events) / p99(SCENARIOS.kafka),
    eventP99GrownOverSeeded: p99(SCENARIOS.eventsGrown) / p99(SCENARIOS.events),
    oneSubgraphNestOverPlainCpu:
      (byName(direct)?.cpuMsPerOperation.incidents ?? Number.NaN) /
      (byName(SCENARIOS.onePlain)?.cpuMsPerOperation[PLAIN_PROCESS] ?? Number.NaN),
  };
  const { connections, seconds, warmupSeconds, rounds: roundCount, events, eventRate } = settings;
  return {
    startedAt,
    machine: machine(loadAtStart),
    settings: {
      connections,
      seconds,
      warmupSeconds,
      rounds: roundCount,
      events,
      eventRate,
      ledgerRows: settings.ledgerRows,
      idleSeconds: settings.idleSeconds,
      only: settings.only,
      consumerMaxWaitMs: consumerMaxWaitMs(),
    },
    scenarios: results,
    ratios,
    ledgerScale,
    targets: [...targetsOf(byName, ratios), ...ledgerTargets(ledgerScale)],
    notes,
  };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** A text table: the first column left-aligned, the others right-aligned. */
function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/**
 * The report as text: one row per scenario with the whole system's CPU ms per operation and each process's, the
 * ratios, the targets block.
 */
export function formatReport(report: BenchReport): string {
  const processes = [...new Set(report.scenarios.flatMap((s) => Object.keys(s.cpuMsPerOperation)))].sort();
  const header = ['scenario', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', 'system', ...processes];
  const rows = report.scenarios.map((s) => [
    s.name,
    fixed(s.operationsPerSecond, 0),
    fixed(s.p50Ms, 1),
    fixed(s.p95Ms, 1),
    fixed(s.p99Ms, 1),
    String(s.errors),
    fixed(s.systemCpuMs, 2),
    ...processes.map((p) => fixed(s.cpuMsPerOperation[p] ?? Number.NaN, 2)),
  ]);
  const { cpu, cores, node, loadAverage } = report.machine;
  const { connections, seconds, warmupSeconds, rounds, events, eventRate, idleSeconds, consumerMaxWaitMs } =
    report.settings;
  const { oneSubgraphGatewayOverDirect: r, oursOverHive } = report.ratios;
  const hive = (what: keyof typeof oursOverHive) =>
    `${what} ${fixed(oursOverHive[what]['dedup-on'], 2)} (dedup on), ${fixed(oursOverHive[what]['dedup-off'], 2)} (dedup off)`;
  const ledger = report.scenarios
    .filter((s) => s.ledgerRows !== undefined)
    .map((s) => `${s.name}: ${s.ledgerRows} ledger rows`);
  const targets = table(
    ['target', 'threshold', 'measured', ''],
    report.targets.map((t) => [
      t.target,
      `${t.comparison} ${t.threshold}`,
      fixed(t.measured, 2),
      t.met === undefined ? 'not measured' : t.met ? 'met' : 'not met',
    ]),
  );
  const problems = report.scenarios
    .filter((s) => s.errors > 0)
    .map((s) => `ERRORS in ${s.name}: ${s.errors}; ${s.errorSamples.join(' | ')}`);
  return [
    `machine: ${cpu}, ${cores} cores, Node ${node}; load average ${loadAverage.start.join(' ')} at the start, ` +
      `${loadAverage.end.join(' ')} at the end`,
    `settings: ${connections} connections, ${seconds} s after ${warmupSeconds} s warm-up, ${rounds} round(s) (medians); ` +
      `events: ${events} at ${eventRate}/s, consumers' fetch wait ${consumerMaxWaitMs} ms; idle: ${idleSeconds} s`,
    '',
    ...table(header, rows),
    '',
    `CPU columns: CPU ms per operation (idle row: per second) in each process (user + system, /proc/<pid>/stat); ` +
      `system: all of them but the gateways that did not serve the row.`,
    ...ledger,
    `one subgraph, via gateway / direct: throughput ${fixed(r.throughput, 2)}, p50 ${fixed(r.p50, 2)}, p99 ${fixed(r.p99, 2)}; ` +
      `${A_CALLER_EACH}: throughput ${fixed(report.ratios.oneSubgraphGatewayOverDirectCallers, 2)}`,
    `one subgraph, CPU ms per request, incidents (direct) / plain @apollo/subgraph: ${fixed(report.ratios.oneSubgraphNestOverPlainCpu, 2)}`,
    `ours / Hive Gateway, throughput: ${hive('nested')}; ${hive('nestedCallers')}; ${hive('oneSubgraph')}; ` +
      `${hive('oneSubgraphCallers')}; ${hive('typename')}`,
    `event p99 / bare kafkajs p99: ${fixed(report.ratios.eventP99OverKafkaP99, 2)}; ` +
      `grown ledger / seeded: ${fixed(report.ratios.eventP99GrownOverSeeded, 2)}`,
    ...(report.ledgerScale ? ['', ...formatLedgerScale(report.ledgerScale)] : []),
    ...report.notes,
    '',
    'targets (reported, not enforced):',
    ...targets,
    ...problems,
  ].join('\n');
}
