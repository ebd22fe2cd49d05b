import { stopTestStack } from './test-stack';

/** Jest global teardown: stops what the global setup started and removes its temporary directory. */
export default async function globalTeardown(): Promise<void> {
  const stack = globalThis.__EMERGENCY_TEST_STACK__;
  globalThis.__EMERGENCY_TEST_STACK__ = undefined;
  if (stack) await stopTestStack(stack);
}
