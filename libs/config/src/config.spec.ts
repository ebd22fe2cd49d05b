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
