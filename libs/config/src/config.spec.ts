import { ConfigError, defineConfig, subgraphConfig } from './index';

describe('defineConfig', () => {
  const sut = subgraphConfig('incidents', 4004);
  const valid = { DATABASE_URL: 'postgres://u:p@db:5432/x', KAFKA_BROKERS: 'a:9092, b:9092' };

  it('applies defaults and parses types', () => {
    const cfg = sut.load(valid);
    expect(cfg.PORT).toBe(4004);
    expect(cfg.DATABASE_SCHEMA).toBe('incidents');
    expect(cfg.KAFKA_BROKERS).toEqual(['a:9092', 'b:9092']);
    expect(cfg.KAFKA_IDEMPOTENT_PRODUCER).toBe(false);
    expect(cfg.NODE_ENV).toBe('development');
  });

  it('names every bad variable in one error', () => {
    let error: unknown;
    try {
      sut.load({ PORT: 'eighty', DATABASE_URL: 'mysql://x', KAFKA_IDEMPOTENT_PRODUCER: 'maybe' });
    } catch (e) {
      error = e;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const { problems } = error as ConfigError;
    expect(problems).toEqual(
      expect.arrayContaining([
        expect.stringContaining('PORT must be an integer'),
        expect.stringContaining('DATABASE_URL must be a postgres or postgresql URL'),
        expect.stringContaining('KAFKA_BROKERS is required'),
        expect.stringContaining('KAFKA_IDEMPOTENT_PRODUCER must be true or false'),
      ]),
    );
  });

  it('refuses development defaults for secrets in production', () => {
    expect(() => sut.load({ ...valid, NODE_ENV: 'production' })).toThrow(
      /GATEWAY_IDENTITY_SECRET is required in production/,
    );
    expect(
      sut.load({ ...valid, NODE_ENV: 'production', GATEWAY_IDENTITY_SECRET: 'x'.repeat(32) }).NODE_ENV,
    ).toBe('production');
  });

  it('checks minimum lengths and enums', () => {
    const spec = defineConfig({
      KEY: { type: 'string', minLength: 4 },
      MODE: { type: 'enum', values: ['a', 'b'] as const },
    });
    expect(() => spec.load({ KEY: 'abc', MODE: 'a' })).toThrow(/KEY must be at least 4 characters/);
    expect(() => spec.load({ KEY: 'abcd', MODE: 'c' })).toThrow(/MODE must be one of a, b/);
  });
});

describe('configuration errors and secrets', () => {
  const sut = subgraphConfig('plans', 4002);
  const problemsOf = (env: Record<string, string>): string => {
    try {
      sut.load(env);
    } catch (error) {
      if (error instanceof ConfigError) return error.message;
      throw error;
    }
    throw new Error('expected a ConfigError');
  };

  it('names a URL variable and its rule without echoing the credentials in it', () => {
    const message = problemsOf({
      DATABASE_URL: 'mysql://plans:S3cretPass@db.internal:3306/plans',
      KAFKA_BROKERS: 'a:9092',
    });
    expect(message).toContain('DATABASE_URL must be a postgres or postgresql URL');
    expect(message).not.toContain('S3cretPass');
    expect(message).not.toContain('plans:');
  });

  it('does not echo an unparsable URL, which may hold a password', () => {
    const message = problemsOf({
      DATABASE_URL: 'postgres://u:p@ss:w0rd@db:x/plans',
      KAFKA_BROKERS: 'a:9092',
    });
    expect(message).toContain('DATABASE_URL must be a URL');
    expect(message).not.toContain('w0rd');
  });

  it('never prints the value of a secret-like variable', () => {
    const message = problemsOf({
      DATABASE_URL: 'postgres://u:p@db/x',
      KAFKA_BROKERS: 'a:9092',
      GATEWAY_IDENTITY_SECRET: 'short-but-secret',
    });
    expect(message).toContain('GATEWAY_IDENTITY_SECRET must be at least 32 characters long');
    expect(message).not.toContain('short-but-secret');

    const spec = defineConfig({
      SIGNING_KEY: { type: 'enum', values: ['a', 'b'] as const },
      DB_PASSWORD: { type: 'string', pattern: /^x+$/ },
      UPSTREAM: { type: 'string', pattern: /^https:/, secret: true },
    });
    let error: unknown;
    try {
      spec.load({ SIGNING_KEY: 'hunter2-key', DB_PASSWORD: 'hunter2-pw', UPSTREAM: 'hunter2-up' });
    } catch (e) {
      error = e;
    }
    const text = String((error as Error).message);
    expect(text).toMatch(/SIGNING_KEY must be one of a, b/);
    expect(text).toMatch(/DB_PASSWORD must match/);
    expect(text).toMatch(/UPSTREAM must match/);
    expect(text).not.toMatch(/hunter2/);
  });

  it('hides the userinfo of a URL inside any other value it echoes', () => {
    const spec = defineConfig({ MODE: { type: 'enum', values: ['a'] as const } });
    expect(() => spec.load({ MODE: 'amqp://guest:Pa55@mq:5672' })).toThrow(/amqp:\/\/\*\*\*@mq:5672/);
    expect(() => spec.load({ MODE: 'amqp://guest:Pa55@mq:5672' })).not.toThrow(/Pa55/);
  });
});
