import { ConfigError, gatewayConfig } from '@emergency/config';
import { JsonLogger, exitWithSupervisor } from '@emergency/observability';
import { startGateway } from './gateway';

async function main() {
  exitWithSupervisor();
  const cfg = gatewayConfig.load(process.env);
  const running = await startGateway(cfg);
  const shutdown = () => {
    running.stop().then(
      () => process.exit(0),
      () => process.exit(1),
    );
  };
  process.once('SIGTERM', shutdown);
  process.once('SIGINT', shutdown);
}

main().catch((error: unknown) => {
  if (error instanceof ConfigError) process.stderr.write(`gateway: ${error.message}\n`);
  else
    new JsonLogger('gateway').error(error instanceof Error ? error : new Error(String(error)), 'bootstrap');
  process.exit(1);
});
