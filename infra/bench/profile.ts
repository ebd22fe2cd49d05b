import { readFile, writeFile } from 'node:fs/promises';
import { basename } from 'node:path';
import { fileURLToPath } from 'node:url';

/**
 * Where a process's CPU went, from the V8 CPU profile it wrote (`node --cpu-prof`, BENCH_PROFILE): self time by
 * where the code lives (each npm package, each of our libs and apps, Node's internals, V8's own entries) and the
 * functions with the most self time. `npm run bench` prints it for each profile it wrote and saves it beside the
 * profile as `<name>.summary.json`; alone: `node dist/infra/bench/profile.js <file.cpuprofile>...`.
 */

/** The parts of a `.cpuprofile` (Chrome DevTools' format) the summary reads. */
export interface CpuProfile {
  nodes: {
    id: number;
    callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number };
  }[];
  startTime: number;
  endTime: number;
  /** The node on top of the stack at each sample. */
  samples: number[];
  /** Microseconds from the previous sample (the first: from startTime). */
  timeDeltas: number[];
}

export interface SelfTime {
  name: string;
  ms: number;
  /** Of the busy (non-idle) time. */
  percent: number;
}

export interface ProfileSummary {
  file: string;
  /** The spans kept ([from, to], microseconds of the profile's clock); none: the whole profile. */
  windowsUs?: [number, number][];
  /** The time profiled (within the spans kept). */
  totalMs: number;
  /** All but `(idle)`. */
  busyMs: number;
  idleMs: number;
  /** Every group but `(idle)`, most self time first. */
  groups: SelfTime[];
  /** The functions with the most self time, named `<function> <where> <file>:<line>`. */
  functions: SelfTime[];
}

/** V8's own entries, counted as they are. */
const V8_ENTRIES = new Set(['(garbage collector)', '(program)', '(idle)', '(root)']);
export const NODE_INTERNALS = 'node: internals';

/**
 * Where a function's code lives: the npm package (scoped names whole) for a file under node_modules, the innermost
 * one; `@emergency/<name>` for our libs, `apps/<name>` and `infra/<name>` for the rest of ours; {@link NODE_INTERNALS}
 * for `node:`; V8's entries by their name; `(native)` for other functions without a script, `(other)` for the rest.
 */
export function groupOf(url: string, functionName: string): string {
  if (!url) return V8_ENTRIES.has(functionName) ? functionName : '(native)';
  if (url.startsWith('node:')) return NODE_INTERNALS;
  const path = url.startsWith('file://') ? fileURLToPath(url) : url;
  const modules = path.lastIndexOf('/node_modules/');
  if (modules >= 0) {
    const [first, second] = path.slice(modules + '/node_modules/'.length).split('/');
    return first!.startsWith('@') && second ? `${first}/${second}` : first!;
  }
  // dist/libs/<name>/..., or the sources when run from them.
  const ours = /\/(libs|apps|infra)\/([^/]+)\//.exec(path.slice(Math.max(0, path.lastIndexOf('/dist/'))));
  if (ours) return ours[1] === 'libs' ? `@emergency/${ours[2]}` : `${ours[1]}/${ours[2]}`;
  return '(other)';
}

/**
 * Each sample's duration: up to the next sample (the last one: up to the profile's end); 0 for one taken outside
 * `windowsUs` (when given).
 */
function sampleDurationsUs(profile: CpuProfile, windowsUs?: [number, number][]): number[] {
  const { samples, timeDeltas, startTime, endTime } = profile;
  const durations: number[] = [];
  let at = startTime;
  for (let i = 0; i < samples.length; i++) {
    at += timeDeltas[i] ?? 0;
    const next = i + 1 < samples.length ? timeDeltas[i + 1]! : endTime - at;
    const kept = !windowsUs || windowsUs.some(([from, to]) => at >= from && at <= to);
    durations.push(kept ? Math.max(0, next) : 0);
  }
  return durations;
}

const ranked = (totals: Map<string, number>, busyMs: number, top: number): SelfTime[] =>
  [...totals]
    .map(([name, us]) => ({ name, ms: us / 1000, percent: busyMs > 0 ? (us / 1000 / busyMs) * 100 : 0 }))
    .sort((a, b) => b.ms - a.ms)
    .slice(0, top);

/**
 * The profile's self time by group (all of them) and its `topFunctions` functions with the most self time; only of
 * the samples taken within `windowsUs` ([from, to], microseconds of the profile's clock) when given.
 */
export function summarise(
  profile: CpuProfile,
  file = '',
  topFunctions = 10,
  windowsUs?: [number, number][],
): ProfileSummary {
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const groups = new Map<string, number>();
  const functions = new Map<string, number>();
  const durations = sampleDurationsUs(profile, windowsUs);
  let totalUs = 0;
  let idleUs = 0;
  profile.samples.forEach((id, i) => {
    const frame = byId.get(id)?.callFrame;
    if (!frame) return;
    const us = durations[i]!;
    if (us === 0) return; // outside the spans kept
    const group = groupOf(frame.url, frame.functionName);
    totalUs += us;
    if (group === '(idle)') {
      idleUs += us;
      return;
    }
    groups.set(group, (groups.get(group) ?? 0) + us);
    const where = frame.url ? ` ${basename(frame.url)}:${frame.lineNumber + 1}` : '';
    // V8's entries are their own group: named once.
    const fn =
      group === frame.functionName ? group : `${frame.functionName || '(anonymous)'} ${group}${where}`;
    functions.set(fn, (functions.get(fn) ?? 0) + us);
  });
  const busyMs = (totalUs - idleUs) / 1000;
  return {
    file,
    windowsUs,
    totalMs: totalUs / 1000,
    busyMs,
    idleMs: idleUs / 1000,
    groups: ranked(groups, busyMs, groups.size),
    functions: ranked(functions, busyMs, topFunctions),
  };
}

function table(header: string[], rows: string[][]): string[] {
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)));
  const line = (cells: string[]) =>
    `| ${cells.map((c, i) => (i === 0 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join(' | ')} |`;
  return [line(header), line(widths.map((w) => '-'.repeat(w))), ...rows.map(line)];
}

/** The summary as text: the `topGroups` groups and the functions, with percent of the busy time. */
export function formatSummary(summary: ProfileSummary, topGroups = 15): string {
  const row = ({ name, ms, percent }: SelfTime) => [name, ms.toFixed(0), percent.toFixed(1)];
  const spans = summary.windowsUs ? ` in ${summary.windowsUs.length} measured span(s)` : '';
  return [
    `${summary.file}: ${(summary.totalMs / 1000).toFixed(1)} s profiled${spans}, busy ${(summary.busyMs / 1000).toFixed(1)} s, ` +
      `idle ${(summary.idleMs / 1000).toFixed(1)} s`,
    ...table(
      ['self time by where the code lives', 'ms', '% busy'],
      summary.groups.slice(0, topGroups).map(row),
    ),
    '',
    ...table(['function (self time)', 'ms', '% busy'], summary.functions.map(row)),
  ].join('\n');
}

/**
 * Summarises `file` (a `.cpuprofile`), only its samples within `windowsUs` when given; writes `<name>.summary.json`
 * beside it, returns the text.
 */
export async function summariseFile(file: string, windowsUs?: [number, number][]): Promise<string> {
  const profile = JSON.parse(await readFile(file, 'utf8')) as CpuProfile;
  const summary = summarise(profile, file, 10, windowsUs);
  await writeFile(file.replace(/(\.cpuprofile)?$/, '.summary.json'), `${JSON.stringify(summary, null, 2)}\n`);
  return formatSummary(summary);
}

async function main(files: string[]) {
  if (files.length === 0) throw new Error('usage: node dist/infra/bench/profile.js <file.cpuprofile>...');
  for (const file of files) process.stdout.write(`\n${await summariseFile(file)}\n`);
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: unknown) => {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(1);
  });
}
