import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { formatSummary, groupOf, NODE_INTERNALS, summarise, summariseFile, type CpuProfile } from './profile';

const frame = (functionName: string, url = '', lineNumber = 0) => ({
  functionName,
  url,
  lineNumber,
  columnNumber: 0,
});

/**
 * Node 1 is the root; each other node is on top of the stack for the samples listed. Samples are 1 ms apart
 * (the last one lasts until endTime), so a node's self time is its sample count in ms.
 */
function profileOf(nodes: { callFrame: ReturnType<typeof frame>; samples: number }[]): CpuProfile {
  const samples = nodes.flatMap((node, i) => Array.from({ length: node.samples }, () => i + 2));
  return {
    nodes: [{ id: 1, callFrame: frame('(root)') }, ...nodes.map((node, i) => ({ id: i + 2, ...node }))],
    startTime: 0,
    endTime: (samples.length + 1) * 1000,
    samples,
    timeDeltas: samples.map(() => 1000),
  };
}

describe('CPU profile summary', () => {
  it.each([
    ['file:///repo/node_modules/graphql/execution/execute.js', 'executeField', 'graphql'],
    ['/repo/node_modules/@apollo/gateway/dist/executeQueryPlan.js', 'execute', '@apollo/gateway'],
    ['file:///repo/node_modules/@nestjs/core/router/router-proxy.js', 'x', '@nestjs/core'],
    ['/repo/node_modules/@apollo/gateway/node_modules/undici/lib/fetch.js', 'fetch', 'undici'],
    ['/repo/node_modules/pg/lib/client.js', 'query', 'pg'],
    ['file:///repo/dist/libs/observability/src/http.js', 'observe', '@emergency/observability'],
    ['/tmp/emergency-bench-build-x/apps/gateway/src/forwarding.js', 'sign', 'apps/gateway'],
    ['/repo/dist/infra/bench/hive-gateway.js', 'main', 'infra/bench'],
    ['node:internal/streams/readable', 'push', NODE_INTERNALS],
    ['node:http', 'request', NODE_INTERNALS],
    ['', '(garbage collector)', '(garbage collector)'],
    ['', '(program)', '(program)'],
    ['', '(idle)', '(idle)'],
    ['', 'JSONParse', '(native)'],
    ['evalmachine.<anonymous>', 'x', '(other)'],
  ])('puts %s (%s) in %s', (url, functionName, group) => {
    expect(groupOf(url, functionName)).toBe(group);
  });

  it('sums self time by group, as a share of the busy time, leaving idle out', () => {
    const summary = summarise(
      profileOf([
        { callFrame: frame('(idle)'), samples: 50 },
        { callFrame: frame('execute', '/r/node_modules/graphql/execute.js', 9), samples: 20 },
        { callFrame: frame('parse', '/r/node_modules/graphql/parse.js'), samples: 10 },
        { callFrame: frame('sign', '/r/dist/libs/auth/src/sign.js'), samples: 15 },
        { callFrame: frame('(garbage collector)'), samples: 5 },
      ]),
    );
    expect(summary.totalMs).toBeCloseTo(100, 6);
    expect(summary.idleMs).toBeCloseTo(50, 6);
    expect(summary.busyMs).toBeCloseTo(50, 6);
    expect(summary.groups.map(({ name, ms, percent }) => [name, ms, percent])).toEqual([
      ['graphql', 30, 60],
      ['@emergency/auth', 15, 30],
      ['(garbage collector)', 5, 10],
    ]);
    expect(summary.functions[0]).toEqual({ name: 'execute graphql execute.js:10', ms: 20, percent: 40 });
  });

  it('times each sample until the next one: uneven gaps count as they are', () => {
    const profile = profileOf([
      { callFrame: frame('a', '/r/node_modules/a/index.js'), samples: 1 },
      { callFrame: frame('b', '/r/node_modules/b/index.js'), samples: 1 },
    ]);
    // a at 1 ms, b at 4 ms, the profile ends at 5 ms: a lasts 3 ms, b 1 ms.
    profile.timeDeltas = [1000, 3000];
    profile.endTime = 5000;
    expect(summarise(profile).groups.map(({ name, ms }) => [name, ms])).toEqual([
      ['a', 3],
      ['b', 1],
    ]);
  });

  it('keeps only the samples taken within the measured spans when given', () => {
    const profile = profileOf([
      { callFrame: frame('start', '/r/node_modules/loader/index.js'), samples: 5 },
      { callFrame: frame('serve', '/r/node_modules/server/index.js'), samples: 3 },
      { callFrame: frame('stop', '/r/node_modules/loader/index.js'), samples: 2 },
    ]);
    // Samples at 1..10 ms; `serve` at 6, 7 and 8 ms.
    const summary = summarise(profile, 'p', 10, [[6000, 8000]]);
    expect(summary.totalMs).toBeCloseTo(3, 6);
    expect(summary.groups.map(({ name, ms }) => [name, ms])).toEqual([['server', 3]]);
    expect(summarise(profile).totalMs).toBeCloseTo(10, 6);
  });

  it('merges one function reached by several stacks, and keeps the top ones only', () => {
    const same = frame('hot', '/r/node_modules/x/hot.js', 4);
    const others = Array.from({ length: 12 }, (_, i) => ({
      callFrame: frame(`f${i}`, '/r/node_modules/y/f.js', i),
      samples: 1,
    }));
    const summary = summarise(
      profileOf([{ callFrame: same, samples: 3 }, ...others, { callFrame: same, samples: 4 }]),
    );
    expect(summary.functions).toHaveLength(10);
    expect(summary.functions[0]).toMatchObject({ name: 'hot x hot.js:5', ms: 7 });
    expect(formatSummary(summary)).toContain('| hot x hot.js:5');
  });

  it('writes the summary beside the profile as JSON and returns the table', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'bench-profile-'));
    try {
      const file = join(dir, 'gateway.cpuprofile');
      await writeFile(
        file,
        JSON.stringify(profileOf([{ callFrame: frame('run', 'node:internal/timers'), samples: 4 }])),
      );
      const text = await summariseFile(file);
      expect(text).toMatch(/\| node: internals\s+\|\s+4 \|\s+100\.0 \|/);
      const saved = JSON.parse(await readFile(join(dir, 'gateway.summary.json'), 'utf8'));
      expect(saved).toMatchObject({
        file,
        busyMs: 4,
        groups: [{ name: NODE_INTERNALS, ms: 4, percent: 100 }],
      });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
