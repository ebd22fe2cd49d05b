import { performance } from 'node:perf_hooks';
import { startPartialSystem, type TestSystem } from './system';

interface Answer {
  status: number;
  contentType: string;
  text: string;
  ms: number;
}

/** Things no answer of the GraphQL endpoint may contain: stack frames, internal addresses, HTML pages. */
const LEAKS = [
  /\bat .*\.(js|ts):\d+/,
  /node_modules/,
  /\/work\/|\/app\//,
  /127\.0\.0\.1|localhost|::1/,
  /https?:\/\//,
];

const repeat = (n: number, f: (i: number) => string) => Array.from({ length: n }, (_, i) => f(i)).join(' ');

/** `{ incidents { edges { node { funds { incident { funds { ... { id } } } } } } } }`, `levels` fields deep. */
function nested(levels: number): string {
  let inner = 'id';
  for (let depth = levels; depth > 3; depth--) {
    inner = `${depth % 2 === 0 ? 'funds' : 'incident'} { ${inner} }`;
  }
  return `{ incidents { edges { node { ${inner} } } } }`;
}

/** 24 fragments, each spreading the previous one twice: 846 bytes that expand to 2^24 selections. */
function chainedFragments(count: number): string {
  const fragments = [`fragment F0 on Incident { id title }`];
  for (let i = 1; i < count; i++) fragments.push(`fragment F${i} on Incident { ...F${i - 1} ...F${i - 1} }`);
  return `{ incidents { edges { node { ...F${count - 1} } } } } ${fragments.join(' ')}`;
}

/** Fragments of five aliased fields each, each field selecting the previous fragment: 5^levels aliases. */
function aliasesThroughFragments(levels: number): string {
  const fragments = [`fragment A0 on Incident { id }`];
  for (let i = 1; i <= levels; i++) {
    const type = i % 2 === 1 ? 'ReconstructionFund' : 'Incident';
    const field = i % 2 === 1 ? 'incident' : 'funds';
    fragments.push(`fragment A${i} on ${type} { ${repeat(5, (a) => `a${a}: ${field} { ...A${i - 1} }`)} }`);
  }
  const top = levels % 2 === 1 ? `funds { ...A${levels} }` : `...A${levels}`;
  return `{ incidents { edges { node { ${top} } } } } ${fragments.join(' ')}`;
}

/** Within the depth limit: 100 incidents' funds' 100 contributions' fund's 100 allocations, a billion fields. */
const COST_BOMB = `{ incidents(first: 100) { edges { node { funds {
  contributions(first: 100) { edges { node { fund { allocations(first: 100) { edges { node { id } } } } } } }
} } } } }`;

/**
 * A real gateway in front of a real incidents subgraph, sent the requests an attacker (or a broken client) sends:
 * each must be refused with a GraphQL JSON error quickly, with no 5xx, stack trace or internal address, while an
 * ordinary caller's query keeps being answered.
 */
describe('gateway under hostile requests', () => {
  let system: TestSystem;
  const slowest = new Map<string, number>();

  beforeAll(async () => {
    // In production mode, as deployed: the suite also proves that nothing internal reaches the caller there.
    system = await startPartialSystem(['incidents'], {}, { NODE_ENV: 'production' });
  }, 120_000);

  afterAll(async () => {
    await system?.stop();
    // The figures the hardening issue asks for: the slowest answer seen per case.
    process.stdout.write(
      `hostile request timings (ms, slowest of each case):\n${[...slowest]
        .map(([name, ms]) => `  ${name.padEnd(40)} ${ms.toFixed(1)}`)
        .join('\n')}\n`,
    );
  });

  async function post(
    body: string | Buffer,
    headers: Record<string, string> = {},
    token = system.admin,
  ): Promise<Answer> {
    const started = performance.now();
    const res = await fetch(system.gateway.url, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}`, ...headers },
      body: typeof body === 'string' ? body : new Uint8Array(body),
    });
    const text = await res.text();
    return {
      status: res.status,
      contentType: res.headers.get('content-type') ?? '',
      text,
      ms: performance.now() - started,
    };
  }

  /** Sends `body` and checks the refusal every hostile request must get; returns the error codes. */
  async function refused(name: string, body: string | Buffer): Promise<string[]> {
    const answer = await post(body);
    slowest.set(name, Math.max(slowest.get(name) ?? 0, answer.ms));
    expect(answer.status).toBeGreaterThanOrEqual(400);
    expect(answer.status).toBeLessThan(500);
    expect(answer.contentType).toMatch(/^application\/(graphql-response\+)?json/);
    const { errors } = JSON.parse(answer.text) as {
      errors: { message: string; extensions?: { code?: unknown } }[];
    };
    expect(errors.length).toBeGreaterThan(0);
    for (const leak of LEAKS) expect(answer.text).not.toMatch(leak);
    expect(answer.text).not.toMatch(/stacktrace/);
    // A safety bound, not a benchmark: every one of these is refused in milliseconds.
    expect(answer.ms).toBeLessThan(1000);
    return errors.map((e) => String(e.extensions?.code));
  }

  const operation = (query: string) => JSON.stringify({ query });

  it('refuses an operation 50 levels deep, naming the depth limit', async () => {
    const codes = await refused('depth 50', operation(nested(50)));
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses 1,000 aliases, naming the alias limit', async () => {
    const codes = await refused(
      '1,000 aliases',
      operation(`{ ${repeat(1000, (i) => `a${i}: __typename`)} }`),
    );
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('counts aliases through fragments (5^6 aliases from a few hundred bytes)', async () => {
    const codes = await refused('aliases through fragments', operation(aliasesThroughFragments(6)));
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses 24 chained fragments (each spreading the previous twice) at once', async () => {
    const document = chainedFragments(24);
    const codes = await refused('24 chained fragments', operation(document));
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses 10,000 fields', async () => {
    const codes = await refused(
      '10,000 fields',
      operation(`{ incidents { edges { node { ${repeat(10_000, () => 'id')} } } } }`),
    );
    expect(codes).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('refuses one field repeated 1,600 times within the token limit (quadratic to validate)', async () => {
    const codes = await refused(
      '1,600 repeated fields',
      operation(`{ incidents { edges { node { ${repeat(1600, () => 'id')} } } } }`),
    );
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses repeated fields spread from 40 fragments', async () => {
    const fragments = repeat(40, (i) => `fragment G${i} on Incident { ${repeat(38, () => 'id')} }`);
    const codes = await refused(
      'repeated fields in 40 fragments',
      operation(`{ incidents { edges { node { ${repeat(40, (i) => `...G${i}`)} } } } } ${fragments}`),
    );
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses 1,000 directives', async () => {
    const codes = await refused(
      '1,000 directives',
      operation(`{ __typename ${repeat(1000, () => '@include(if: true)')} }`),
    );
    expect(codes).toEqual(['GRAPHQL_PARSE_FAILED']);
  });

  it('refuses a nested `first: 100` cost bomb, naming the cost limit', async () => {
    const answer = await post(operation(COST_BOMB));
    expect(answer.text).toMatch(/MAX_QUERY_COST/);
    const codes = await refused('cost bomb (nested first: 100)', operation(COST_BOMB));
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses a cost bomb whose page sizes come in variables', async () => {
    const query = COST_BOMB.replace(/first: 100/g, 'first: $n').replace(/^\{/, 'query ($n: Int) {');
    const codes = await refused(
      'cost bomb (first in variables)',
      JSON.stringify({ query, variables: { n: 100 } }),
    );
    expect(codes).toEqual(['OPERATION_LIMIT_EXCEEDED']);
  });

  it('refuses a 2 MB body with a JSON error (413)', async () => {
    const body = JSON.stringify({ query: '{ __typename }', variables: { pad: 'x'.repeat(2 * 1024 * 1024) } });
    const codes = await refused('2 MB body', body);
    expect(codes).toEqual(['PAYLOAD_TOO_LARGE']);
  });

  it('refuses a batch (an array body)', async () => {
    const codes = await refused('batch of 100', JSON.stringify(Array(100).fill({ query: '{ __typename }' })));
    expect(codes).toEqual(['BAD_REQUEST']);
  });

  it('refuses malformed JSON with a JSON error, without a stack trace', async () => {
    const codes = await refused('malformed JSON', '{"query": "{ __typename }", ');
    expect(codes).toEqual(['BAD_REQUEST']);
  });

  it("keeps answering a bystander's query quickly while hostile requests run", async () => {
    const hostile = [
      chainedFragments(24),
      aliasesThroughFragments(6),
      nested(50),
      COST_BOMB,
      `{ incidents { edges { node { ${repeat(1600, () => 'id')} } } } }`,
      `{ ${repeat(1000, (i) => `a${i}: __typename`)} }`,
    ];
    // Each request a new document (a new operation name), so no cache of Apollo's answers it.
    const unique = (i: number) =>
      operation(hostile[i % hostile.length].replace(/^\{/, `query Hostile${i} {`));
    const bystanderQuery = async (name: string) => {
      const answer = await post(operation(`query ${name} { incidents(first: 5) { edges { node { id } } } }`));
      expect(answer.status).toBe(200);
      expect(JSON.parse(answer.text)).toEqual({ data: { incidents: { edges: [] } } });
      return answer.ms;
    };
    const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];
    // The same query on the same machine without an attack: what "unchanged" is measured against, so the check
    // holds on a loaded machine as on an idle one.
    const quiet: number[] = [];
    for (let i = 0; i < 10; i++) quiet.push(await bystanderQuery(`Quiet${i}`));

    let running = true;
    const attackers = Array.from({ length: 4 }, async (_, worker) => {
      for (let i = worker; running; i += 4) await post(i % 7 === 6 ? '{"query": ' : unique(i));
    });
    const bystander: number[] = [];
    try {
      for (let i = 0; i < 20; i++) {
        bystander.push(await bystanderQuery(`Bystander${i}`));
        if (bystander.at(-1)! > 3000) break; // already failed: no need to wait behind more of them
      }
    } finally {
      running = false;
      await Promise.all(attackers);
    }
    slowest.set('bystander query, quiet (median)', median(quiet));
    slowest.set('bystander query under attack (median)', median(bystander));
    slowest.set('bystander query under attack (slowest)', Math.max(...bystander));
    // Four attackers share the event loop with the bystander, so it may wait behind a few refusals, each a few
    // milliseconds; a rule that blocked for seconds (as chained fragments did) fails both bounds.
    expect(median(bystander)).toBeLessThan(5 * median(quiet) + 200);
    expect(Math.max(...bystander)).toBeLessThan(3000);
  }, 180_000);
});
