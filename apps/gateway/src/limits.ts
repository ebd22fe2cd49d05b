import type { ApolloServerPlugin } from '@apollo/server';
import type { RequestHandler } from 'express';
import {
  GraphQLError,
  Kind,
  getNamedType,
  getOperationAST,
  parse,
  isInterfaceType,
  isListType,
  isNonNullType,
  isObjectType,
  type DocumentNode,
  type FragmentDefinitionNode,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
  type SelectionSetNode,
  type ValueNode,
} from 'graphql';
import { DEFAULT_PAGE_SIZE, MAX_PAGE_SIZE } from '@emergency/paging';
import { GatewayErrorCode } from './gateway.errors';

/** The size of an operation as it would execute: every fragment expanded, every page at its requested size. */
export interface OperationShape {
  /** Deepest chain of fields (introspection fields not counted). */
  depth: number;
  /** Aliased fields, counted once per place a fragment is spread. */
  aliases: number;
  /** Directives applied, counted the same way. */
  directives: number;
  /**
   * The most times one response name is selected in one selection set, fragments included. graphql-js compares
   * every such pair when validating (OverlappingFieldsCanBeMerged), so 1,600 `id`s in 5,000 tokens take seconds.
   */
  repeats: number;
  /**
   * Fields the subgraphs may resolve: each field is 1, and a field's selection is multiplied by the page it asks
   * for (`first`, else the default page size), or by the default page size for a list with no `first`.
   */
  cost: number;
}

/** The gateway's operation limits; each name is the configuration variable that sets it. */
export interface OperationLimits {
  MAX_QUERY_DEPTH: number;
  MAX_QUERY_ALIASES: number;
  MAX_QUERY_DIRECTIVES: number;
  MAX_QUERY_COST: number;
  MAX_QUERY_FIELD_REPEATS: number;
}

const EMPTY: OperationShape = { depth: 0, aliases: 0, directives: 0, repeats: 0, cost: 0 };

/** A selection set's measure, and how often it selects each response name at its own level. */
interface Measured {
  shape: OperationShape;
  names: Map<string, number>;
}
const NOTHING: Measured = { shape: EMPTY, names: new Map() };

/**
 * Measures `operation` in one pass over the document. Each fragment is measured once and its measure reused at
 * every spread, so the time is linear in the document's size however often fragments spread each other (the
 * numbers themselves may grow exponentially; that is what the limits are for). Cycles are refused earlier by
 * graphql-js's NoFragmentCycles rule; one found here counts as empty.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationShape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  }
  const measured = new Map<string, Measured>();
  const measuring = new Set<string>();

  const pageSize = (value: ValueNode | undefined): number => {
    let requested: unknown = null;
    if (value?.kind === Kind.INT) requested = Number(value.value);
    else if (value?.kind === Kind.VARIABLE) requested = variables[value.name.value];
    // A bigger page is refused by the subgraph; a smaller or absent one costs what it asks for.
    return typeof requested === 'number' && Number.isFinite(requested)
      ? Math.max(0, Math.min(requested, MAX_PAGE_SIZE))
      : DEFAULT_PAGE_SIZE;
  };

  const fragment = (name: string): Measured => {
    const known = measured.get(name);
    if (known) return known;
    const definition = fragments.get(name);
    if (!definition || measuring.has(name)) return NOTHING;
    measuring.add(name);
    const result = selectionSet(definition.selectionSet, schema.getType(definition.typeCondition.name.value));
    measuring.delete(name);
    measured.set(name, result);
    return result;
  };

  const selectionSet = (set: SelectionSetNode, parent: GraphQLNamedType | undefined): Measured => {
    const total = { ...EMPTY };
    const names = new Map<string, number>();
    const count = (name: string, times: number) => names.set(name, (names.get(name) ?? 0) + times);
    const add = ({ shape, names: inner }: Measured) => {
      total.depth = Math.max(total.depth, shape.depth);
      total.aliases += shape.aliases;
      total.directives += shape.directives;
      total.repeats = Math.max(total.repeats, shape.repeats);
      total.cost += shape.cost;
      for (const [name, times] of inner) count(name, times);
    };
    for (const selection of set.selections) {
      total.directives += selection.directives?.length ?? 0;
      if (selection.kind === Kind.FRAGMENT_SPREAD) {
        add(fragment(selection.name.value));
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        add(selectionSet(selection.selectionSet, type));
      } else {
        if (selection.alias) total.aliases++;
        count((selection.alias ?? selection.name).value, 1);
        // Introspection is answered by the gateway itself (and is off in production); GraphiQL's own
        // introspection query is deeper than any limit a caller's operation needs.
        if (selection.name.value.startsWith('__')) continue;
        const definition =
          isObjectType(parent) || isInterfaceType(parent)
            ? parent.getFields()[selection.name.value]
            : undefined;
        const returns =
          definition && isNonNullType(definition.type) ? definition.type.ofType : definition?.type;
        const pages = definition?.args.some((arg) => arg.name === 'first');
        let multiplier = 1;
        if (pages) {
          multiplier = pageSize(selection.arguments?.find((arg) => arg.name.value === 'first')?.value);
        } else if (returns && isListType(returns) && !parent?.name.endsWith('Connection')) {
          // A connection's `edges` are already counted by its `first`; any other list is taken to be a page.
          multiplier = DEFAULT_PAGE_SIZE;
        }
        const { shape: inner } = selection.selectionSet
          ? selectionSet(selection.selectionSet, definition && getNamedType(definition.type))
          : NOTHING;
        total.depth = Math.max(total.depth, inner.depth + 1);
        total.aliases += inner.aliases;
        total.directives += inner.directives;
        total.repeats = Math.max(total.repeats, inner.repeats);
        total.cost += 1 + inner.cost * multiplier;
      }
    }
    for (const times of names.values()) total.repeats = Math.max(total.repeats, times);
    return { shape: total, names };
  };

  const root =
    operation.operation === 'query'
      ? schema.getQueryType()
      : operation.operation === 'mutation'
        ? schema.getMutationType()
        : schema.getSubscriptionType();
  const { shape } = selectionSet(operation.selectionSet, root ?? undefined);
  shape.directives += operation.directives?.length ?? 0;
  return shape;
}

/** The error an operation over a limit gets: a stable code, the limit's name, its value and what was found. */
export function limitExceeded(limit: keyof OperationLimits, max: number, actual: number): GraphQLError {
  const found = actual > Number.MAX_SAFE_INTEGER ? `more than ${Number.MAX_SAFE_INTEGER}` : String(actual);
  const what = {
    MAX_QUERY_DEPTH: `is ${found} levels deep`,
    MAX_QUERY_ALIASES: `uses ${found} aliases`,
    MAX_QUERY_DIRECTIVES: `applies ${found} directives`,
    MAX_QUERY_COST: `would resolve up to ${found} fields`,
    MAX_QUERY_FIELD_REPEATS: `selects one field ${found} times in one place`,
  }[limit];
  return new GraphQLError(`Operation ${what}; the limit (${limit}) is ${max}`, {
    extensions: {
      code: GatewayErrorCode.OperationLimitExceeded,
      limit,
      max,
      actual: Math.min(actual, Number.MAX_SAFE_INTEGER),
      http: { status: 400 },
    },
  });
}

/** The first limit `shape` is over, as the error to answer; undefined when it is within all of them. */
export function checkLimits(shape: OperationShape, limits: OperationLimits): GraphQLError | undefined {
  const checks: [keyof OperationLimits, number][] = [
    ['MAX_QUERY_DEPTH', shape.depth],
    ['MAX_QUERY_ALIASES', shape.aliases],
    ['MAX_QUERY_DIRECTIVES', shape.directives],
    ['MAX_QUERY_FIELD_REPEATS', shape.repeats],
    ['MAX_QUERY_COST', shape.cost],
  ];
  for (const [limit, actual] of checks) {
    if (actual > limits[limit]) return limitExceeded(limit, limits[limit], actual);
  }
  return undefined;
}

/**
 * An operation's measure does not change while its document and its variables do not; one that uses no variable
 * (its text has no `$`) is measured once per document and the measure reused.
 */
const measuredOnce = new WeakMap<OperationDefinitionNode, OperationShape>();
function measureReusing(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  text: string,
  variables: Record<string, unknown> | undefined,
): OperationShape {
  if (text.includes('$')) return measureOperation(schema, document, operation, variables);
  let shape = measuredOnce.get(operation);
  if (!shape) {
    shape = measureOperation(schema, document, operation);
    measuredOnce.set(operation, shape);
  }
  return shape;
}

/**
 * Refuses operations over the limits once Apollo has resolved them: covers every operation Apollo executes,
 * including documents it validated once and cached, where `first: $n` costs what `$n` asks in each request.
 */
export function operationLimitsPlugin(limits: OperationLimits): ApolloServerPlugin {
  return {
    requestDidStart() {
      return Promise.resolve({
        didResolveOperation({ schema, document, operation, request, source }) {
          if (!operation) return Promise.resolve(); // Apollo has already refused a document with no operation
          const refusal = checkLimits(
            measureReusing(schema, document, operation, source, request.variables),
            limits,
          );
          return refusal ? Promise.reject(refusal) : Promise.resolve();
        },
      });
    },
  };
}

const asObject = (value: unknown): Record<string, unknown> | undefined =>
  typeof value === 'object' && value !== null && !Array.isArray(value)
    ? (value as Record<string, unknown>)
    : undefined;

/** Most parsed documents the middleware remembers, and the longest text it remembers one for. */
const MAX_PARSED_DOCUMENTS = 1000;
const MAX_REMEMBERED_QUERY_LENGTH = 16 * 1024;

/** A document as parsed once for a schema, with the operation a request names; undefined when either is missing. */
type Parsed = { document: DocumentNode; operation: OperationDefinitionNode } | undefined;

/**
 * The same limits, checked before Apollo sees the request: graphql-js's validation is quadratic in a document's
 * repeated fields (OverlappingFieldsCanBeMerged; 1,600 `id`s fit in 5,000 tokens and take seconds), so an
 * operation over a limit must be refused before it is validated, and Apollo offers no hook there that can refuse
 * a request with a client error. `schema` is the API schema once the gateway has loaded it. Callers send the same
 * few documents again and again: each is parsed once (up to {@link MAX_PARSED_DOCUMENTS} of them, the oldest
 * forgotten first), and measured once when it uses no variables.
 */
export function operationLimitsMiddleware(
  schema: () => GraphQLSchema | undefined,
  limits: OperationLimits,
  maxTokens: number,
): RequestHandler {
  const parsed = new Map<string, Parsed>();
  const parseOnce = (query: string, name: string | undefined): Parsed => {
    const key = `${name ?? ''}\n${query}`;
    if (parsed.has(key)) return parsed.get(key);
    let result: Parsed;
    try {
      const document = parse(query, { maxTokens, noLocation: true });
      const operation = getOperationAST(document, name);
      result = operation ? { document, operation } : undefined;
    } catch {
      result = undefined; // Apollo answers a syntax error in its own words
    }
    if (query.length <= MAX_REMEMBERED_QUERY_LENGTH) {
      if (parsed.size >= MAX_PARSED_DOCUMENTS) parsed.delete(parsed.keys().next().value as string);
      parsed.set(key, result);
    }
    return result;
  };
  let parsedFor: GraphQLSchema | undefined;

  return (req, res, next) => {
    const current = schema();
    const params = req.method === 'GET' ? asObject(req.query) : asObject(req.body);
    if (!current || !params || typeof params.query !== 'string') return next();
    if (current !== parsedFor) {
      parsed.clear(); // a new supergraph: operations resolve against its types
      parsedFor = current;
    }
    let variables: Record<string, unknown> | undefined;
    try {
      variables = asObject(
        typeof params.variables === 'string' ? JSON.parse(params.variables) : params.variables,
      );
    } catch {
      return next(); // Apollo answers bad variables in its own words
    }
    const name = typeof params.operationName === 'string' ? params.operationName : undefined;
    const found = parseOnce(params.query, name);
    if (!found) return next();
    const refusal = checkLimits(
      measureReusing(current, found.document, found.operation, params.query, variables),
      limits,
    );
    if (!refusal) return next();
    // As Apollo would answer it: `http` sets the status and is not part of the error.
    const extensions = Object.fromEntries(
      Object.entries(refusal.extensions).filter(([key]) => key !== 'http'),
    );
    res.status(400).json({ errors: [{ message: refusal.message, extensions }] });
  };
}
