/**
 * For processes started by a supervisor (the dev runner): exit when the supervisor is gone, so killing it, even
 * with SIGKILL, leaves no orphaned service behind. Enabled by `EMERGENCY_SUPERVISED=1`.
 */
export function exitWithSupervisor(env: NodeJS.ProcessEnv = process.env): void {
  if (env.EMERGENCY_SUPERVISED !== '1') return;
  const supervisor = process.ppid;
  setInterval(() => {
    if (process.ppid !== supervisor) process.kill(process.pid, 'SIGTERM');
  }, 1000).unref();
}
