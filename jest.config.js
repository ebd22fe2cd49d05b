// One Jest run for the whole repository. The global setup starts a real PostgreSQL and a Kafka-protocol broker
// once; every integration test file makes its own database and topic prefix on them.
const { readFileSync } = require('node:fs');
const { compilerOptions } = require('./tsconfig.base.json');

const swcrc = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));
delete swcrc.$schema;

const aliases = Object.entries(compilerOptions.paths).filter(([alias]) => alias.startsWith('@emergency/'));

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/infra'],
  testMatch: ['**/*.spec.ts'],
  transform: { '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }] },
  // ES-module-only packages Jest's CommonJS runtime cannot load as they are.
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleNameMapper: Object.fromEntries(
    aliases.map(([alias, [target]]) => [`^${alias}$`, `<rootDir>/${target}`]),
  ),
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
};
