import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  startEmbeddedPostgres,
  startMockKafka,
  type KafkaHandle,
  type PostgresHandle,
} from '@emergency/local-stack';
import { repoRoot } from '../supergraph/compose';
import { runChaos } from './chaos';
import { formatReport } from './report';
import { duplicatedTotal, lostTotal } from './verify';

/**
 * `npm run chaos`: the long crash suite on a PostgreSQL and broker of its own (temporary, gone afterwards), the
 * services running from dist/. Exits 1 when anything was lost or duplicated.
 *
 *   --duration <s>  (CHAOS_DURATION_S, 75)   how long mutations flow and faults are injected
 *   --seed <n>      (CHAOS_SEED, random)     repeats a run's random choices
 *   --callers <n>   (CHAOS_CALLERS, 4)       concurrent callers
 *   --funds <n>     (CHAOS_FUNDS, 4)         funds the mutations go to
 *   --long-outage <s> (CHAOS_LONG_OUTAGE_S, 35) length of the first broker outage, beyond the client's retries
 */
const say = (line: string) => process.stdout.write(`${line}\n`);

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: {
      duration: { type: 'string' },
      seed: { type: 'string' },
      callers: { type: 'string' },
      funds: { type: 'string' },
      'long-outage': { type: 'string' },
    },
  });
  const number = (flag: string | undefined, variable: string, fallback?: number) => {
    const raw = flag ?? process.env[variable];
    if (raw === undefined) return fallback;
    const value = Number(raw);
    if (!Number.isInteger(value) || value < 1) throw new Error(`${variable} must be a positive integer`);
    return value;
  };
  const durationS = number(values.duration, 'CHAOS_DURATION_S', 75)!;

  const tempDir = await mkdtemp(join(tmpdir(), 'emergency-chaos-'));
  let postgres: PostgresHandle | undefined;
  let kafka: KafkaHandle | undefined;
  const cleanUp = async () => {
    await Promise.all([kafka?.stop(), postgres?.stop()]);
    await rm(tempDir, { recursive: true, force: true });
  };
  process.once('SIGINT', () => void cleanUp().finally(() => process.exit(130)));
  try {
    [postgres, kafka] = await Promise.all([
      startEmbeddedPostgres({ dataDir: join(tempDir, 'postgres') }),
      startMockKafka({ brokers: 1 }),
    ]);
    // The topic reader of @emergency/testing reads the run's broker from here.
    process.env.TEST_KAFKA_BROKERS = kafka.brokers.join(',');
    say(`crash suite: ${durationS} s of faults, then verification`);
    const report = await runChaos({
      databaseServerUrl: postgres.url,
      brokers: kafka.brokers,
      distDir: join(repoRoot(), 'dist'),
      durationMs: durationS * 1000,
      seed: number(values.seed, 'CHAOS_SEED'),
      callers: number(values.callers, 'CHAOS_CALLERS', 4),
      funds: number(values.funds, 'CHAOS_FUNDS', 4),
      longOutageMs: number(values['long-outage'], 'CHAOS_LONG_OUTAGE_S', 35)! * 1000,
      log: (line) => say(`  ${line}`),
    });
    say(`\n${formatReport(report)}`);
    const failed = lostTotal(report.verification) + duplicatedTotal(report.verification) > 0;
    return failed || report.verification.fundsOff.length > 0 ? 1 : 0;
  } finally {
    await cleanUp();
  }
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    say(`crash suite failed: ${error instanceof Error ? error.message : String(error)}`);
    process.exit(1);
  },
);
