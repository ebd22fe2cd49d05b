import { readFileSync } from 'node:fs';

/** CPU time (user + system) used so far by each process of a tree, in milliseconds, with its name. */
export type CpuSnapshot = Map<number, { name: string; ms: number }>;

const TICKS_PER_SECOND = 100; // USER_HZ on Linux

function children(pid: number): number[] {
  const found: number[] = [];
  try {
    for (const task of readFileSync(`/proc/${pid}/task/${pid}/children`, 'utf8').split(/\s+/)) {
      if (task) found.push(Number(task));
    }
  } catch {
    // gone, or no /proc
  }
  return found;
}

/** `pid` and all its descendants. */
export function processTree(pid: number): number[] {
  const all = [pid];
  for (let i = 0; i < all.length; i++) all.push(...children(all[i]!));
  return all;
}

/**
 * What a process of the system is, from its command line: a service by its entry point
 * (`dist/apps/<name>/src/main.js`), `hive <mode>` for Hive Gateway (`dist/infra/bench/hive-gateway.js <mode>`),
 * `postgres` for every PostgreSQL process, `system (broker)` for the process that started the rest and hosts the
 * mock broker; `other` for anything else (the database's watchdog).
 */
export function processName(args: string[], rootPid: number, pid: number): string {
  const line = args.join(' ');
  const service = /apps\/([a-z-]+)\/src\/main\.js/.exec(line);
  if (service) return service[1]!;
  const hive = /infra\/bench\/hive-gateway\.js\s+(\S+)/.exec(line);
  if (hive) return `hive ${hive[1]}`;
  if (/(^|\/)postgres(\s|$)|postgres:/.test(line)) return 'postgres';
  if (pid === rootPid) return 'system (broker)';
  return 'other';
}

function cpuMs(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields resume after the command name's last ')'; utime and stime are fields 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) * 1000) / TICKS_PER_SECOND;
  } catch {
    return undefined;
  }
}

function commandLine(pid: number): string[] {
  try {
    return readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
  } catch {
    return [];
  }
}

/** CPU used so far by `rootPid` and each of its descendants, named by {@link processName}. */
export function cpuSnapshot(rootPid: number): CpuSnapshot {
  const snapshot: CpuSnapshot = new Map();
  for (const pid of processTree(rootPid)) {
    const ms = cpuMs(pid);
    if (ms !== undefined) snapshot.set(pid, { name: processName(commandLine(pid), rootPid, pid), ms });
  }
  return snapshot;
}

/**
 * CPU used between two snapshots, summed by name: each process's difference, all of it for a process started in
 * between. A process that ended in between is not counted (its time can no longer be read), so a database
 * connection closed during the period takes its CPU with it.
 */
export function cpuBetween(before: CpuSnapshot, after: CpuSnapshot): Map<string, number> {
  const used = new Map<string, number>();
  for (const [pid, { name, ms }] of after) {
    const earlier = before.get(pid);
    const delta = earlier && earlier.name === name ? Math.max(0, ms - earlier.ms) : ms;
    used.set(name, (used.get(name) ?? 0) + delta);
  }
  return used;
}
