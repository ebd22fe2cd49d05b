/**
 * Typed, validated configuration read once from the environment at boot.
 *
 * Each service declares the variables it reads with {@link defineConfig}; `load` checks every one and throws a
 * single {@link ConfigError} naming each bad variable, so a misconfigured container fails at start with a message
 * an operator can act on, instead of failing on first use.
 */

export type NodeEnv = 'development' | 'production' | 'test';

interface BaseSpec<T> {
  /** What the variable is for; shown in error messages. */
  description?: string;
  /** Used when the variable is unset or empty. A spec without a default is required. */
  default?: T;
  /** A default that is only acceptable outside production (dev keys, localhost URLs). */
  devDefault?: T;
  /**
   * The value is a credential and never appears in an error message. Variables whose name looks like one
   * (`*SECRET*`, `*PASSWORD*`, `*TOKEN*`, `*KEY*`, ...) are treated as secret without it.
   */
  secret?: boolean;
}

export type VarSpec =
  | (BaseSpec<string> & { type: 'string'; minLength?: number; pattern?: RegExp })
  | (BaseSpec<number> & { type: 'int'; min?: number; max?: number })
  | (BaseSpec<boolean> & { type: 'bool' })
  | (BaseSpec<string> & { type: 'url'; protocols: string[] })
  | (BaseSpec<string[]> & { type: 'list' })
  | (BaseSpec<string> & { type: 'enum'; values: readonly string[] });

type ValueOf<S extends VarSpec> = S extends { type: 'int' }
  ? number
  : S extends { type: 'bool' }
    ? boolean
    : S extends { type: 'list' }
      ? string[]
      : S extends { type: 'enum'; values: readonly (infer V)[] }
        ? V
        : string;

export type ConfigOf<T extends Record<string, VarSpec>> = { readonly [K in keyof T]: ValueOf<T[K]> };

/** Thrown when one or more variables are missing or invalid; `problems` has one line per variable. */
export class ConfigError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'ConfigError';
  }
}

// Names of variables that hold credentials: their values are never echoed, whatever their type.
const SECRET_NAME = /SECRET|PASSWORD|PASSWD|PASS$|TOKEN|CREDENTIAL|PRIVATE|(^|_)KEY($|_)|APIKEY/i;
// `scheme://user:password@host`: the userinfo of any URL-looking text.
const URL_USERINFO = /([a-z][a-z0-9+.-]*:\/\/)[^/?#\s@]*@/gi;

/** Whether `name`'s value must never be printed. */
export function isSecretVariable(name: string, spec?: { secret?: boolean }): boolean {
  return spec?.secret === true || SECRET_NAME.test(name);
}

/**
 * How an error message shows the value an operator gave: quoted, with any URL's userinfo replaced by `***`, or
 * not at all for a secret variable (an operator knows what they set; a log collector must not learn it).
 */
function shown(name: string, spec: VarSpec, raw: string): string {
  if (isSecretVariable(name, spec)) return '(value not shown: secret)';
  if (spec.type === 'url') {
    try {
      return `(got a ${new URL(raw).protocol.replace(/:$/, '')}: URL)`;
    } catch {
      // An unparsable URL may still carry a password, e.g. one with an unescaped '@' or ':' in it.
      return '(value not shown: may contain credentials)';
    }
  }
  return `(got ${JSON.stringify(raw.replace(URL_USERINFO, '$1***@'))})`;
}

function parse(name: string, spec: VarSpec, raw: string): { value?: unknown; problem?: string } {
  const got = shown(name, spec, raw);
  switch (spec.type) {
    case 'string':
      if (spec.minLength !== undefined && raw.length < spec.minLength) {
        return { problem: `${name} must be at least ${spec.minLength} characters long` };
      }
      if (spec.pattern && !spec.pattern.test(raw))
        return { problem: `${name} must match ${spec.pattern} ${got}` };
      return { value: raw };
    case 'int': {
      const value = Number(raw);
      const min = spec.min ?? Number.MIN_SAFE_INTEGER;
      const max = spec.max ?? Number.MAX_SAFE_INTEGER;
      if (!/^-?\d+$/.test(raw) || value < min || value > max) {
        return { problem: `${name} must be an integer between ${min} and ${max} ${got}` };
      }
      return { value };
    }
    case 'bool':
      if (['true', '1', 'yes'].includes(raw.toLowerCase())) return { value: true };
      if (['false', '0', 'no'].includes(raw.toLowerCase())) return { value: false };
      return { problem: `${name} must be true or false ${got}` };
    case 'url':
      try {
        const url = new URL(raw);
        if (!spec.protocols.includes(url.protocol.replace(/:$/, ''))) {
          return { problem: `${name} must be a ${spec.protocols.join(' or ')} URL ${got}` };
        }
        return { value: raw };
      } catch {
        return { problem: `${name} must be a URL ${got}` };
      }
    case 'list': {
      const items = raw
        .split(',')
        .map((item) => item.trim())
        .filter(Boolean);
      return items.length > 0
        ? { value: items }
        : { problem: `${name} must be a comma-separated list ${got}` };
    }
    case 'enum':
      return spec.values.includes(raw)
        ? { value: raw }
        : { problem: `${name} must be one of ${spec.values.join(', ')} ${got}` };
  }
}

/** Declares a service's variables; returns a loader that validates them all at once. */
export function defineConfig<T extends Record<string, VarSpec>>(specs: T) {
  return {
    specs,
    load(env: NodeJS.ProcessEnv = process.env): ConfigOf<T> & { NODE_ENV: NodeEnv } {
      const problems: string[] = [];
      const nodeEnv = (env.NODE_ENV ?? 'development') as NodeEnv;
      if (!['development', 'production', 'test'].includes(nodeEnv)) {
        problems.push(
          `NODE_ENV must be one of development, production, test ${shown('NODE_ENV', { type: 'string' }, nodeEnv)}`,
        );
      }
      const production = nodeEnv === 'production';
      const out: Record<string, unknown> = { NODE_ENV: nodeEnv };
      for (const [name, spec] of Object.entries(specs)) {
        const raw = env[name]?.trim();
        if (raw === undefined || raw === '') {
          if (spec.default !== undefined) out[name] = spec.default;
          else if (spec.devDefault !== undefined && !production) out[name] = spec.devDefault;
          else {
            const why = spec.devDefault !== undefined ? ' in production' : '';
            problems.push(`${name} is required${why}${spec.description ? ` (${spec.description})` : ''}`);
          }
          continue;
        }
        const { value, problem } = parse(name, spec, raw);
        if (problem) problems.push(problem);
        else out[name] = value;
      }
      if (problems.length > 0) throw new ConfigError(problems);
      return Object.freeze(out) as ConfigOf<T> & { NODE_ENV: NodeEnv };
    },
  };
}

/** GB/T 2260 codes at county level or above, or 9-digit township and 12-digit village codes. */
const DIVISION_CODE_LIST = /^[1-8]\d{5}(\d{3}){0,2}(,\s*[1-8]\d{5}(\d{3}){0,2})*$/;

/**
 * Variables of the services that accept region codes (incidents, plans): the administrative tree this system
 * serves, the same setting the organisations service loads its tree from. Codes outside it are refused.
 */
export const regionScopeSettings = defineConfig({
  REGION_DATA_SCOPE: {
    type: 'string',
    pattern: new RegExp(`${DIVISION_CODE_LIST.source}|^none$`),
    default: '420000',
    description:
      'comma-separated GB/T 2260 codes whose administrative tree this system serves (as the organisations service), or none',
  },
});

/**
 * Variables only the organisations service reads. Declared here, beside the variables every subgraph reads, so
 * that the service validates them at boot with the others and deployment files can be checked against them.
 */
export const organisationsSettings = defineConfig({
  REGION_DATA_SCOPE: {
    type: 'string',
    pattern: new RegExp(`${DIVISION_CODE_LIST.source}|^none$`),
    default: '420000',
    description:
      'comma-separated GB/T 2260 codes whose administrative tree (down to villages) is loaded at start, or none',
  },
});

/** A consumer's fetch wait when `KAFKA_CONSUMER_MAX_WAIT_MS` is not set. */
export const KAFKA_CONSUMER_MAX_WAIT_MS_DEFAULT = 50;

/** Each service's own variables, validated with the common ones. */
const SERVICE_SETTINGS: Record<string, Record<string, VarSpec>> = {
  organisations: organisationsSettings.specs,
  incidents: regionScopeSettings.specs,
  plans: regionScopeSettings.specs,
  supplies: regionScopeSettings.specs,
};

/** The variables every subgraph reads: its port, its own database schema, Kafka and the gateway's identity key. */
function commonSubgraphSpecs(service: string, defaultPort: number) {
  return {
    PORT: { type: 'int', min: 1, max: 65535, default: defaultPort },
    LOG_LEVEL: { type: 'enum', values: ['debug', 'info', 'warn', 'error'] as const, default: 'info' },
    DATABASE_URL: {
      type: 'url',
      protocols: ['postgres', 'postgresql'],
      description: 'PostgreSQL connection URL',
    },
    DATABASE_SCHEMA: { type: 'string', pattern: /^[a-z_][a-z0-9_]*$/, default: service },
    DATABASE_POOL_SIZE: { type: 'int', min: 1, max: 100, default: 10 },
    MIGRATIONS_RUN: {
      type: 'enum',
      values: ['on-start', 'skip'] as const,
      default: 'on-start',
      description:
        'on-start migrates the schema before serving; skip expects `npm run migrate` to have done it',
    },
    KAFKA_BROKERS: { type: 'list', description: 'comma-separated host:port list of Kafka brokers' },
    KAFKA_CLIENT_ID: { type: 'string', default: service },
    KAFKA_TOPIC_PREFIX: { type: 'string', pattern: /^[a-zA-Z0-9._-]*$/, default: '' },
    KAFKA_IDEMPOTENT_PRODUCER: { type: 'bool', default: false },
    KAFKA_CONSUMER_MAX_WAIT_MS: {
      type: 'int',
      min: 1,
      max: 10_000,
      default: KAFKA_CONSUMER_MAX_WAIT_MS_DEFAULT,
      description:
        "how long a consumer's fetch may wait at the broker for new events: the local broker holds an empty fetch " +
        'that long even when an event arrives, so it bounds event latency there; Kafka answers as soon as one ' +
        'arrives, so it only sets how often an idle consumer asks',
    },
    OUTBOX_POLL_INTERVAL_MS: {
      type: 'int',
      min: 10,
      max: 60_000,
      default: 1000,
      description:
        'fallback poll of the outbox relay, which wakes on each commit; bounds the delay when a wake-up is lost',
    },
    // Above the gateway's own limit: every body the gateway accepts, and the entity references it adds to
    // it, must reach the subgraph; a caller's oversized string is refused by the field's rule, not by size.
    MAX_REQUEST_BODY_BYTES: {
      type: 'int',
      min: 1024,
      max: 64 * 1024 * 1024,
      default: 4 * 1024 * 1024,
      description: 'largest JSON body the GraphQL endpoint reads',
    },
    GATEWAY_IDENTITY_SECRET: {
      type: 'string',
      minLength: 32,
      devDefault: 'dev-only-gateway-identity-secret-change-me',
      description: 'shared secret the gateway signs forwarded identity with',
    },
    OTEL_EXPORTER_OTLP_ENDPOINT: {
      type: 'url',
      protocols: ['http', 'https'],
      default: '',
      description: 'OTLP/HTTP collector that receives spans; empty records none and connects nowhere',
    },
    SCAN_INTERVAL_MS: {
      type: 'int',
      min: 0,
      max: 3_600_000,
      default: 60_000,
      description:
        'how often the service looks for deadlines that have passed and publishes their events; 0 turns it off',
    },
  } satisfies Record<string, VarSpec>;
}

/**
 * A subgraph's configuration: the common variables, typed, plus the service's own (validated in the same pass, so
 * one error names every bad variable; the service reads them typed through its own loader, e.g.
 * {@link organisationsSettings}).
 */
export function subgraphConfig(service: string, defaultPort: number) {
  const common = commonSubgraphSpecs(service, defaultPort);
  return defineConfig({ ...SERVICE_SETTINGS[service], ...common } as typeof common);
}

export type SubgraphConfig = ReturnType<ReturnType<typeof subgraphConfig>['load']>;

/** The subgraphs the gateway composes, with their default ports; also the order the dev runner starts them. */
export const SUBGRAPHS = [
  { name: 'organisations', port: 4001 },
  { name: 'plans', port: 4002 },
  { name: 'supplies', port: 4003 },
  { name: 'incidents', port: 4004 },
  { name: 'audit', port: 4005 },
] as const;
export type SubgraphName = (typeof SUBGRAPHS)[number]['name'];

/** `ORGANISATIONS_URL` etc.: where the gateway finds each subgraph. */
export const subgraphUrlVariable = <N extends SubgraphName>(name: N) =>
  `${name.toUpperCase()}_URL` as SubgraphUrlVariable<N>;
type SubgraphUrlVariable<N extends SubgraphName> = `${Uppercase<N>}_URL`;
type UrlSpec = { type: 'url'; protocols: string[]; devDefault: string; description: string };

export const gatewayConfig = defineConfig({
  PORT: { type: 'int', min: 1, max: 65535, default: 4000 },
  LOG_LEVEL: { type: 'enum', values: ['debug', 'info', 'warn', 'error'] as const, default: 'info' },
  AUTH_JWT_SECRET: {
    type: 'string',
    minLength: 32,
    devDefault: 'dev-only-user-token-secret-change-me-000',
    description: 'HS256 key that caller tokens are signed with',
  },
  AUTH_JWT_ISSUER: { type: 'string', default: 'emergency-dev' },
  AUTH_JWT_AUDIENCE: { type: 'string', default: 'emergency-supergraph' },
  GATEWAY_IDENTITY_SECRET: {
    type: 'string',
    minLength: 32,
    devDefault: 'dev-only-gateway-identity-secret-change-me',
    description: 'shared secret the gateway signs forwarded identity with',
  },
  SUPERGRAPH_PATH: { type: 'string', default: 'infra/supergraph/supergraph.graphql' },
  MAX_QUERY_DEPTH: { type: 'int', min: 2, max: 100, default: 12 },
  MAX_QUERY_ALIASES: { type: 'int', min: 1, max: 1000, default: 30 },
  MAX_QUERY_TOKENS: { type: 'int', min: 100, max: 1_000_000, default: 5000 },
  OTEL_EXPORTER_OTLP_ENDPOINT: {
    type: 'url',
    protocols: ['http', 'https'],
    default: '',
    description: 'OTLP/HTTP collector that receives spans; empty records none and connects nowhere',
  },
  MAX_QUERY_DIRECTIVES: { type: 'int', min: 1, max: 1000, default: 50 },
  MAX_QUERY_FIELD_REPEATS: {
    type: 'int',
    min: 2,
    max: 1000,
    default: 10,
    description: 'most times one field may be selected in one selection set, fragments included',
  },
  MAX_QUERY_COST: {
    type: 'int',
    min: 100,
    max: 100_000_000,
    default: 50_000,
    description: 'most fields an operation may resolve, pages counted at their requested size',
  },
  MAX_REQUEST_BODY_BYTES: { type: 'int', min: 1024, max: 16 * 1024 * 1024, default: 1024 * 1024 },
  SUBGRAPH_TIMEOUT_MS: { type: 'int', min: 100, max: 300_000, default: 15_000 },
  SUBGRAPH_CONNECTIONS: {
    type: 'int',
    min: 1,
    max: 1024,
    default: 64,
    description: 'most keep-alive connections the gateway opens to each subgraph',
  },
  GATEWAY_DEDUPLICATE_INFLIGHT: {
    type: 'bool',
    default: true,
    description: 'send identical query fetches of one caller to one subgraph once while one is in flight',
  },
  QUERY_PLAN_CACHE_MIB: {
    type: 'int',
    min: 1,
    max: 4096,
    default: 30,
    description: 'approximate size of the query-plan cache, in MiB of the plans as JSON',
  },
  CORS_ALLOWED_ORIGINS: {
    type: 'list',
    default: [],
    description: 'comma-separated origins (scheme://host[:port]) whose browser pages may call the gateway',
  },
  ...(Object.fromEntries(
    SUBGRAPHS.map(({ name, port }) => [
      subgraphUrlVariable(name),
      {
        type: 'url',
        protocols: ['http', 'https'],
        devDefault: `http://127.0.0.1:${port}/graphql`,
        description: `URL of the ${name} subgraph`,
      },
    ]),
  ) as Record<SubgraphUrlVariable<SubgraphName>, UrlSpec>),
});
export type GatewayConfig = ReturnType<typeof gatewayConfig.load>;
