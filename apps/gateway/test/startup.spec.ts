import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { SUBGRAPHS } from '@emergency/config';

const root = join(__dirname, '../../..');

/** What an operator sees when a container starts with bad configuration: one message naming each bad variable. */
describe('starting a service with bad configuration', () => {
  beforeAll(() => {
    execFileSync(process.execPath, [join(root, 'infra/scripts/build.mjs')], {
      env: { ...process.env, BUILD_QUIET: '1' },
    });
  });

  const start = (service: string, env: Record<string, string>) =>
    spawnSync(process.execPath, [join(root, `dist/apps/${service}/src/main.js`)], {
      cwd: root,
      env: { PATH: process.env.PATH ?? '', ...env },
      encoding: 'utf8',
      timeout: 20_000,
    });

  it.each(SUBGRAPHS.map(({ name }) => [name]))(
    '%s exits 1 naming every bad variable, without a stack trace',
    (name) => {
      const result = start(name, { NODE_ENV: 'production', PORT: 'eighty', DATABASE_URL: 'mysql://db/x' });
      expect(result.status).toBe(1);
      expect(result.stderr).toContain(`${name}: Invalid configuration`);
      expect(result.stderr).toContain('PORT must be an integer between 1 and 65535 (got "eighty")');
      expect(result.stderr).toContain('DATABASE_URL must be a postgres or postgresql URL');
      expect(result.stderr).toContain('KAFKA_BROKERS is required');
      expect(result.stderr).toContain('GATEWAY_IDENTITY_SECRET is required in production');
      expect(result.stderr).not.toMatch(/\n\s+at /);
    },
  );

  it('the gateway exits 1 naming its missing secrets in production', () => {
    const result = start('gateway', { NODE_ENV: 'production', ORGANISATIONS_URL: 'not a url' });
    expect(result.status).toBe(1);
    expect(result.stderr).toContain('AUTH_JWT_SECRET is required in production');
    expect(result.stderr).toContain('ORGANISATIONS_URL must be a URL');
    expect(result.stderr).not.toMatch(/\n\s+at /);
  });
});
