import { spawn, type ChildProcess } from 'node:child_process';
import { join } from 'node:path';

const LOG_LINES_KEPT = 40;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One service running as a child process on built code, on a fixed port so that a restarted process is found
 * where the last one was. Like an orchestrator, it restarts the service when it exits on its own (counted as a
 * crash); kills ordered through {@link kill} are not crashes.
 */
export class ServiceProcess {
  /** Exits nobody asked for: each is followed by a restart. */
  crashes = 0;
  private child?: ChildProcess;
  private readonly lines: string[] = [];
  private stopping = false;

  constructor(
    readonly name: string,
    private readonly distDir: string,
    readonly port: number,
    private readonly env: Record<string, string>,
  ) {}

  get url(): string {
    return `http://127.0.0.1:${this.port}/graphql`;
  }

  get running(): boolean {
    return this.child !== undefined;
  }

  /** The last lines the service wrote, for a failure message. */
  get recentLog(): string {
    return this.lines.map((line) => `  [${this.name}] ${line}`).join('\n');
  }

  start(): void {
    if (this.child) return;
    const child = spawn(
      process.execPath,
      ['--enable-source-maps', join(this.distDir, `apps/${this.name}/src/main.js`)],
      {
        env: { ...process.env, ...this.env, PORT: String(this.port), EMERGENCY_SUPERVISED: '1' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    const keep = (chunk: Buffer) => {
      for (const line of chunk.toString().split('\n')) {
        if (!line.trim()) continue;
        this.lines.push(line.slice(0, 500));
        if (this.lines.length > LOG_LINES_KEPT) this.lines.shift();
      }
    };
    child.stdout?.on('data', keep);
    child.stderr?.on('data', keep);
    child.once('exit', (code, signal) => {
      if (this.child !== child) return;
      this.child = undefined;
      if (this.stopping) return;
      this.crashes++;
      this.lines.push(`exited on its own (${signal ?? code}); restarting`);
      setTimeout(() => {
        if (!this.stopping) this.start();
      }, 500).unref();
    });
    this.child = child;
  }

  /** Resolves when /health/ready answers 200; throws after `timeoutMs`. */
  async waitReady(timeoutMs = 60_000): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      try {
        const res = await fetch(`http://127.0.0.1:${this.port}/health/ready`, {
          signal: AbortSignal.timeout(2000),
        });
        if (res.ok) return;
      } catch {
        // not listening yet
      }
      if (Date.now() > deadline) {
        throw new Error(`${this.name} not ready after ${timeoutMs} ms\n${this.recentLog}`);
      }
      await sleep(200);
    }
  }

  /** SIGKILL: no shutdown hook runs, open transactions and unacknowledged requests are cut where they are. */
  async kill(): Promise<void> {
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      child.once('exit', () => resolve());
      child.kill('SIGKILL');
    });
  }

  /** Ends the service for good: SIGTERM, then SIGKILL after 5 s. */
  async stop(): Promise<void> {
    this.stopping = true;
    const child = this.child;
    if (!child) return;
    this.child = undefined;
    await new Promise<void>((resolve) => {
      const force = setTimeout(() => child.kill('SIGKILL'), 5000);
      child.once('exit', () => {
        clearTimeout(force);
        resolve();
      });
      child.kill('SIGTERM');
    });
  }
}
