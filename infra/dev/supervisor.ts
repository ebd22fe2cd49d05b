import { spawn, type ChildProcess } from 'node:child_process';

export interface SupervisorOptions {
  /** Told when a service ends on its own (not stopped by the supervisor): the caller stops everything. */
  onUnexpectedExit(name: string, how: string): void;
  /** Each line a service writes, when given; otherwise services write to this process's stdout and stderr. */
  onOutput?(name: string, stream: NodeJS.ReadableStream): void;
  /**
   * The services run under V8's CPU profiler, by name: each writes `<dir>/<name>.cpuprofile` when it exits normally
   * (process.exit or the end of its work; not when killed). `--cpu-prof` is a node option NODE_OPTIONS refuses.
   */
  cpuProfile?: { dir: string; names: readonly string[] };
}

/**
 * The services of a local system as child processes: `npm start` and the benchmark start, watch and stop them the
 * same way. Each runs `node <script>` with the given environment on top of this process's.
 */
export class Supervisor {
  private readonly children: { name: string; process: ChildProcess }[] = [];
  private stopping = false;

  constructor(private readonly options: SupervisorOptions) {}

  /** Starts `node <script> <args>`; `args` (none by default) follow the script. */
  start(name: string, script: string, env: Record<string, string>, cwd?: string, args: string[] = []): void {
    const output = this.options.onOutput;
    const profile = this.options.cpuProfile;
    const profiler = profile?.names.includes(name)
      ? ['--cpu-prof', `--cpu-prof-dir=${profile.dir}`, `--cpu-prof-name=${name}.cpuprofile`]
      : [];
    const child = spawn(process.execPath, ['--enable-source-maps', ...profiler, script, ...args], {
      cwd,
      env: { ...process.env, LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn', ...env, EMERGENCY_SUPERVISED: '1' },
      stdio: ['ignore', output ? 'pipe' : 'inherit', output ? 'pipe' : 'inherit'],
    });
    if (output) {
      output(name, child.stdout!);
      output(name, child.stderr!);
    }
    child.on('exit', (code, signal) => {
      if (!this.stopping) this.options.onUnexpectedExit(name, String(signal ?? code));
    });
    this.children.push({ name, process: child });
  }

  /** Resolves once `healthUrl` answers 2xx; fails after `timeoutMs` or when the supervisor is stopping. */
  async waitReady(name: string, healthUrl: string, timeoutMs = 90_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        if ((await fetch(healthUrl)).ok) return;
      } catch {
        // not listening yet
      }
      if (this.stopping) throw new Error('stopping');
      if (Date.now() > deadline)
        throw new Error(`${name} not ready after ${timeoutMs / 1000} s (${healthUrl})`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** Stops every service: SIGTERM, then SIGKILL for one still running 10 s later. */
  async stopAll(): Promise<void> {
    this.stopping = true;
    await Promise.all(
      this.children.map(
        ({ process: child }) =>
          new Promise<void>((resolve) => {
            if (child.exitCode !== null || child.signalCode !== null) return resolve();
            const force = setTimeout(() => child.kill('SIGKILL'), 10_000);
            child.once('exit', () => {
              clearTimeout(force);
              resolve();
            });
            child.kill('SIGTERM');
          }),
      ),
    );
  }
}
