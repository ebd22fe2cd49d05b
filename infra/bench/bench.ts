import { cpus, loadavg } from 'node:os';
import { IDENTITY_HEADER, signForwardedIdentity, type Identity } from '@emergency/auth';
import { Kafka, logLevel, type Consumer, type KafkaMessage } from 'kafkajs';
import { domainTopic, fromKafkaMessage } from '@emergency/events';
import { closedLoop, keepAliveAgent, median, percentile, post, type Operation } from './load';
import { plainCpuSnapshot, PLAIN_PROCESS, startPlainSubgraph } from './plain-subgraph';
import { cpuBetween, cpuSnapshot } from './processes';

/** Where the system under test is and how to speak to it. */
export interface BenchTarget {
  gatewayUrl: string;
  /** The incidents subgraph's GraphQL URL, for the one-subgraph query sent directly. */
  incidentsUrl: string;
  brokers: string[];
  /** An admin caller token the gateway accepts. */
  token: string;
  /** The secret the gateway signs forwarded identity with. */
  identitySecret: string;
  /** The identity the token carries, signed again for direct subgraph requests. */
  identity: Identity;
  /** The process the system runs under, whose tree's CPU is measured; none for a system started elsewhere. */
  rootPid?: number;
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
  /** CPU milliseconds per operation, by process. */
  cpuMsPerOperation: Record<string, number>;
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
  settings: Omit<BenchSettings, 'log'>;
  scenarios: ScenarioResult[];
  ratios: {
    oneSubgraphGatewayOverDirect: { throughput: number; p50: number; p99: number };
    /** CPU ms per request of the incidents process (direct) over the plain server's: NaN without CPU figures. */
    oneSubgraphNestOverPlainCpu: number;
  };
}

/** The scenarios, in the order of each round. */
export const SCENARIOS = {
  nested: 'nested query, four subgraphs',
  oneViaGateway: 'one subgraph, via gateway',
  oneDirect: 'one subgraph, direct',
  onePlain: 'one subgraph, plain @apollo/subgraph',
  typename: '{ __typename }',
  mutations: 'mutation mix',
  events: 'event: mutation → FundFlowRecorded',
  kafka: 'event: bare kafkajs round trip',
} as const;

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
): Operation => ({
  url: target.gatewayUrl,
  body: JSON.stringify({ query, variables }),
  headers: { authorization: `Bearer ${target.token}` },
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
            status: 'PAID',
            amountFen: '10000',
            contributorName: `Benchmark donor ${n}`,
          },
        })
      : gatewayOp(target, ALLOCATE, {
          input: {
            fundId: fund.fundId,
            organisationId: fund.recipientId,
            amountFen: '100',
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
}

async function runScenario(
  target: BenchTarget,
  settings: BenchSettings,
  next: () => Operation,
  plainPid?: number,
): Promise<RoundFigures> {
  const agent = keepAliveAgent(settings.connections);
  const snapshot = (rootPid: number) =>
    new Map([...cpuSnapshot(rootPid), ...(plainPid ? plainCpuSnapshot(plainPid) : [])]);
  try {
    if (settings.warmupSeconds > 0)
      await closedLoop(agent, settings.connections, settings.warmupSeconds, next);
    const before = target.rootPid ? snapshot(target.rootPid) : undefined;
    const result = await closedLoop(agent, settings.connections, settings.seconds, next);
    const used = before && target.rootPid ? cpuBetween(before, snapshot(target.rootPid)) : new Map();
    const operations = result.operations + result.errors;
    return {
      operations: result.operations,
      errors: result.errors,
      errorSamples: result.errorSamples,
      operationsPerSecond: result.operations / result.seconds,
      p50Ms: percentile(result.latenciesMs, 50),
      p95Ms: percentile(result.latenciesMs, 95),
      p99Ms: percentile(result.latenciesMs, 99),
      cpuMsPerOperation: Object.fromEntries(
        [...used].map(([name, ms]) => [name, operations > 0 ? ms / operations : Number.NaN]),
      ),
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
  };
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A consumer of `topic` from its latest offset, joined and assigned before it returns. */
async function latestConsumer(
  kafka: Kafka,
  topic: string,
  onMessage: (message: KafkaMessage, receivedAt: bigint) => void,
): Promise<Consumer> {
  const consumer = kafka.consumer({
    groupId: `bench-${process.pid}-${Date.now()}-${topic}`,
    maxWaitTimeInMs: 10,
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

/**
 * (e) Event latency: from each contribution mutation's answer to the audit's FundFlowRecorded event for it
 * (its `flowId` is the contribution's id) on the audit topic; `settings.events` mutations at `eventRate` a
 * second. Beside it, the broker's own round trip: a kafkajs produce, awaited, to the same consumer's receipt.
 */
async function eventLatency(
  target: BenchTarget,
  settings: BenchSettings,
  fund: DemoFund,
): Promise<ScenarioResult[]> {
  const kafka = new Kafka({ clientId: 'bench', brokers: target.brokers, logLevel: logLevel.NOTHING });
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

  // The bare round trip on the same broker.
  const topic = `bench.roundtrip.${process.pid}`;
  const sentAt = new Map<string, bigint>();
  const roundTrips: number[] = [];
  let roundTripErrors = 0;
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
    roundTripErrors = sentAt.size;
  } finally {
    await echo.disconnect();
    await producer.disconnect();
  }

  const figures = (
    name: string,
    values: number[],
    errs: number,
    samples: string[],
    seconds: number,
  ): ScenarioResult => ({
    name,
    operationsPerSecond: values.length / seconds,
    operations: values.length,
    errors: errs,
    errorSamples: samples,
    p50Ms: percentile(values, 50),
    p95Ms: percentile(values, 95),
    p99Ms: percentile(values, 99),
    cpuMsPerOperation: {},
  });
  const seconds = settings.events / settings.eventRate;
  return [
    figures(SCENARIOS.events, latencies, errors, errorSamples, seconds),
    figures(
      SCENARIOS.kafka,
      roundTrips,
      roundTripErrors,
      roundTripErrors ? [`${roundTripErrors} not received`] : [],
      seconds,
    ),
  ];
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

/**
 * The benchmark: scenarios (a)–(d) closed-loop, interleaved in rounds, medians of the rounds; then (e) the event
 * latency once.
 */
export async function runBench(target: BenchTarget, settings: BenchSettings): Promise<BenchReport> {
  const startedAt = new Date().toISOString();
  const loadAtStart = loadAverage();
  const fund = await demoFund(target);
  // The incidents subgraph as a plain @apollo/subgraph server, beside the system's (plain-subgraph.ts).
  const plain = target.rootPid ? await startPlainSubgraph(target.rootPid) : undefined;
  const scenarios: [string, () => Operation][] = [
    [SCENARIOS.nested, () => gatewayOp(target, NESTED_QUERY)],
    [SCENARIOS.oneViaGateway, () => gatewayOp(target, ONE_SUBGRAPH_QUERY)],
    [SCENARIOS.oneDirect, () => directOp(target, ONE_SUBGRAPH_QUERY)],
    ...(plain
      ? [
          [SCENARIOS.onePlain, () => ({ ...directOp(target, ONE_SUBGRAPH_QUERY), url: plain.url })] as [
            string,
            () => Operation,
          ],
        ]
      : []),
    [SCENARIOS.typename, () => gatewayOp(target, '{ __typename }')],
    [SCENARIOS.mutations, mutationMix(target, fund)],
  ];
  const rounds = new Map<string, RoundFigures[]>(scenarios.map(([name]) => [name, []]));
  for (let round = 1; round <= settings.rounds; round++) {
    for (const [name, next] of scenarios) {
      const figures = await runScenario(target, settings, next, plain?.pid);
      rounds.get(name)!.push(figures);
      settings.log(
        `round ${round}/${settings.rounds}  ${name.padEnd(28)} ${figures.operationsPerSecond.toFixed(0)} ops/s` +
          `  p50 ${figures.p50Ms.toFixed(1)} ms${figures.errors ? `  ${figures.errors} errors` : ''}`,
      );
    }
  }
  await plain?.stop();
  const results = scenarios.map(([name]) => medianOfRounds(name, rounds.get(name)!));
  settings.log(`event latency: ${settings.events} contributions at ${settings.eventRate}/s`);
  results.push(...(await eventLatency(target, settings, fund)));

  const via = results.find((r) => r.name === SCENARIOS.oneViaGateway)!;
  const direct = results.find((r) => r.name === SCENARIOS.oneDirect)!;
  const plainResult = results.find((r) => r.name === SCENARIOS.onePlain);
  const { connections, seconds, warmupSeconds, rounds: roundCount, events, eventRate } = settings;
  return {
    startedAt,
    machine: machine(loadAtStart),
    settings: { connections, seconds, warmupSeconds, rounds: roundCount, events, eventRate },
    scenarios: results,
    ratios: {
      oneSubgraphGatewayOverDirect: {
        throughput: via.operationsPerSecond / direct.operationsPerSecond,
        p50: via.p50Ms / direct.p50Ms,
        p99: via.p99Ms / direct.p99Ms,
      },
      oneSubgraphNestOverPlainCpu:
        (direct.cpuMsPerOperation.incidents ?? Number.NaN) /
        (plainResult?.cpuMsPerOperation[PLAIN_PROCESS] ?? Number.NaN),
    },
  };
}

const fixed = (value: number, digits: number) => (Number.isFinite(value) ? value.toFixed(digits) : '–');

/** The report as a text table: one row per scenario, then CPU ms per operation by process. */
export function formatReport(report: BenchReport): string {
  const processes = [...new Set(report.scenarios.flatMap((s) => Object.keys(s.cpuMsPerOperation)))].sort();
  const header = ['scenario', 'ops/s', 'p50 ms', 'p95 ms', 'p99 ms', 'errors', ...processes];
  const rows = report.scenarios.map((s) => [
    s.name,
    fixed(s.operationsPerSecond, 0),
    fixed(s.p50Ms, 1),
    fixed(s.p95Ms, 1),
    fixed(s.p99Ms, 1),
    String(s.errors),
    ...processes.map((p) => fixed(s.cpuMsPerOperation[p] ?? Number.NaN, 2)),
  ]);
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  const { cpu, cores, node, loadAverage } = report.machine;
  const { connections, seconds, warmupSeconds, rounds, events, eventRate } = report.settings;
  const r = report.ratios.oneSubgraphGatewayOverDirect;
  const problems = report.scenarios
    .filter((s) => s.errors > 0)
    .map((s) => `ERRORS in ${s.name}: ${s.errors}; ${s.errorSamples.join(' | ')}`);
  return [
    `machine: ${cpu}, ${cores} cores, Node ${node}; load average ${loadAverage.start.join(' ')} at the start, ` +
      `${loadAverage.end.join(' ')} at the end`,
    `settings: ${connections} connections, ${seconds} s after ${warmupSeconds} s warm-up, ${rounds} round(s) (medians); ` +
      `events: ${events} at ${eventRate}/s`,
    '',
    line(header),
    line(widths.map((w) => '-'.repeat(w))),
    ...rows.map(line),
    '',
    `CPU columns: CPU ms per operation in each process (user + system, /proc/<pid>/stat).`,
    `one subgraph, via gateway / direct: throughput ${fixed(r.throughput, 2)}, p50 ${fixed(r.p50, 2)}, p99 ${fixed(r.p99, 2)}`,
    `one subgraph, CPU ms per request, incidents (direct) / plain @apollo/subgraph: ${fixed(report.ratios.oneSubgraphNestOverPlainCpu, 2)}`,
    ...problems,
  ].join('\n');
}
