import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';

/** What the data-directory takeover needs to know about a process. */
export interface ProcessInfo {
  ppid: number;
  /** Command line; `argv[0]` first. Empty for a zombie. */
  args: string[];
}

/**
 * Reads a process's parent and command line from /proc (Linux), or from `ps` where there is no /proc (macOS).
 * `undefined` when no such process exists or it cannot be inspected.
 */
export function processInfo(pid: number): ProcessInfo | undefined {
  if (!Number.isInteger(pid) || pid <= 0) return undefined;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name in parentheses may itself contain spaces and parentheses; fields resume after the last ')'.
    const ppid = Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]);
    const args = readFileSync(`/proc/${pid}/cmdline`, 'utf8').split('\0').filter(Boolean);
    return { ppid, args };
  } catch {
    // No /proc entry: either no such process, or no /proc at all.
  }
  try {
    const line = execFileSync('ps', ['-o', 'ppid=,args=', '-p', String(pid)], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    }).trim();
    const match = /^(\d+)\s+(.*)$/.exec(line);
    return match ? { ppid: Number(match[1]), args: match[2].split(/\s+/) } : undefined;
  } catch {
    return undefined;
  }
}
