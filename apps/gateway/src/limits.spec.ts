import { buildSchema, getOperationAST, parse } from 'graphql';
import type { Request, Response } from 'express';
import { checkLimits, measureOperation, operationLimitsMiddleware, type OperationLimits } from './limits';

const schema = buildSchema(`
  type Query { incidents(first: Int): IncidentConnection! incident(id: ID!): Incident }
  type IncidentConnection { edges: [IncidentEdge!]! }
  type IncidentEdge { node: Incident! }
  type Incident { id: ID! title: String! funds: [Fund!]! }
  type Fund { id: ID! incident: Incident! contributions(first: Int): ContributionConnection! }
  type ContributionConnection { edges: [ContributionEdge!]! }
  type ContributionEdge { node: Contribution! }
  type Contribution { id: ID! fund: Fund! }
`);

const measure = (query: string, variables: Record<string, unknown> = {}) => {
  const document = parse(query);
  const operation = getOperationAST(document);
  if (!operation) throw new Error('no operation');
  return measureOperation(schema, document, operation, variables);
};

const LIMITS: OperationLimits = {
  MAX_QUERY_DEPTH: 12,
  MAX_QUERY_ALIASES: 30,
  MAX_QUERY_DIRECTIVES: 50,
  MAX_QUERY_FIELD_REPEATS: 10,
  MAX_QUERY_COST: 50_000,
};

describe(measureOperation.name, () => {
  it('counts depth through fragments and inline fragments, not introspection', () => {
    const shape = measure(`{ incident(id: 1) { ...F ... on Incident { funds { id } } __typename } }
      fragment F on Incident { funds { incident { id } } }`);
    expect(shape.depth).toBe(4);
  });

  it('measures 24 chained fragments (2^23 spreads) in linear time', () => {
    const fragments = ['fragment F0 on Incident { id title }'];
    for (let i = 1; i < 24; i++) fragments.push(`fragment F${i} on Incident { ...F${i - 1} ...F${i - 1} }`);
    const started = Date.now();
    const shape = measure(`{ incident(id: 1) { ...F23 } } ${fragments.join(' ')}`);
    expect(Date.now() - started).toBeLessThan(1000); // a safety bound: the unmemoised walk took 25 s
    expect(shape.cost).toBe(1 + 2 ** 24);
    expect(shape.repeats).toBe(2 ** 23);
  });

  it('counts aliases as executed: once per place a fragment is spread', () => {
    const shape = measure(`{ incident(id: 1) { ...A2 } }
      fragment A1 on Fund { a: id b: id c: id }
      fragment A2 on Incident { x: funds { ...A1 } y: funds { ...A1 } }`);
    expect(shape.aliases).toBe(2 + 2 * 3);
  });

  it('multiplies a page by its `first`, from a literal or a variable, else by the default page size', () => {
    const query = `query ($n: Int) { incidents(first: $n) { edges { node { id } } } }`;
    // incidents (1) + n × (edges 1 + node 1 + id 1)
    expect(measure(query, { n: 100 }).cost).toBe(1 + 100 * 3);
    expect(measure(query, { n: 5 }).cost).toBe(1 + 5 * 3);
    expect(measure(query).cost).toBe(1 + 20 * 3);
    expect(measure(`{ incidents(first: 1000) { edges { node { id } } } }`).cost).toBe(1 + 100 * 3);
  });

  it('counts a list without `first` as a default page', () => {
    expect(measure(`{ incident(id: 1) { funds { id } } }`).cost).toBe(1 + 1 + 20 * 1);
  });

  it('refuses a nested `first: 100` bomb by cost, naming the limit', () => {
    const shape = measure(`{ incidents(first: 100) { edges { node { funds {
      contributions(first: 100) { edges { node { fund { contributions(first: 100) { edges { node { id } } } } } } }
    } } } } }`);
    const refusal = checkLimits(shape, LIMITS);
    expect(refusal?.extensions).toMatchObject({ code: 'OPERATION_LIMIT_EXCEEDED', limit: 'MAX_QUERY_COST' });
    expect(refusal?.message).toMatch(/the limit \(MAX_QUERY_COST\) is 50000/);
  });

  it('lets an ordinary operation through', () => {
    const shape = measure(`{ incidents(first: 20) { edges { node { id title funds { id } } } } }`);
    expect(checkLimits(shape, LIMITS)).toBeUndefined();
  });
});

describe(operationLimitsMiddleware.name, () => {
  const limits = { ...LIMITS, MAX_QUERY_COST: 200 };
  /** Runs one POST through the middleware: the status it answered, or 'next' when it let the request through. */
  const run = (handler: ReturnType<typeof operationLimitsMiddleware>, body: Record<string, unknown>) => {
    let outcome: number | 'next' = 'next';
    const res = {
      status(code: number) {
        outcome = code;
        return { json: () => undefined };
      },
    };
    void handler({ method: 'POST', body } as Request, res as unknown as Response, () => undefined);
    return outcome;
  };

  it("measures each request of a document it parsed once with that request's variables", () => {
    const handler = operationLimitsMiddleware(() => schema, limits, 1000);
    const query = 'query ($n: Int) { incidents(first: $n) { edges { node { id } } } }';
    expect(run(handler, { query, variables: { n: 5 } })).toBe('next'); // 1 + 5 × 3
    expect(run(handler, { query, variables: { n: 100 } })).toBe(400); // 1 + 100 × 3
    expect(run(handler, { query, variables: { n: 5 } })).toBe('next');
    expect(run(handler, { query, variables: '{"n": 100}' })).toBe(400);
  });

  it('refuses a document over a limit every time it is sent, and lets others through', () => {
    const handler = operationLimitsMiddleware(() => schema, limits, 1000);
    const over = '{ incidents(first: 100) { edges { node { id } } } }';
    const within = '{ incidents(first: 10) { edges { node { id } } } }';
    for (let i = 0; i < 3; i++) {
      expect(run(handler, { query: over })).toBe(400);
      expect(run(handler, { query: within })).toBe('next');
    }
  });

  it('measures a document it has seen again against a new schema', () => {
    let current = schema;
    const handler = operationLimitsMiddleware(() => current, limits, 1000);
    // Here `funds` is a plain list (a default page of 20): 1 + 1 + 20 × 3.
    const query = '{ incident(id: 1) { funds(first: 100) { id a b } } }';
    expect(run(handler, { query })).toBe('next');
    expect(run(handler, { query })).toBe('next');
    current = buildSchema(`
      type Query { incident(id: ID!): Incident }
      type Incident { funds(first: Int): [Fund!]! }
      type Fund { id: ID! a: ID b: ID }
    `);
    expect(run(handler, { query })).toBe(400); // now a page of 100: 1 + 1 + 100 × 3
  });
});
