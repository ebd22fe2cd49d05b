import { rmSync } from 'node:fs';
import './global-setup';

export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__EMERGENCY_TEST_STACK__;
  if (!stack) return;
  await stack.kafka?.stop();
  await stack.postgres?.stop();
  if (stack.dataDir) rmSync(stack.dataDir, { recursive: true, force: true });
}
