// One Jest run for the whole repository. The global setup starts one real PostgreSQL and one Kafka-protocol
// broker; every integration test file makes its own database and topic prefix on them, so files stay independent.

const { readFileSync } = require('node:fs');

// The same swc settings `npm run build` compiles with (legacy decorators with metadata, for NestJS and TypeORM).
const { $schema: _schema, ...swcrc } = JSON.parse(readFileSync(`${__dirname}/.swcrc`, 'utf8'));

/** @type {import('jest').Config} */
module.exports = {
  rootDir: __dirname,
  testEnvironment: 'node',
  roots: ['<rootDir>/apps', '<rootDir>/libs', '<rootDir>/infra'],
  testMatch: ['**/*.spec.ts'],
  transform: {
    '^.+\\.(t|j)s$': ['@swc/jest', { ...swcrc, swcrc: false }],
  },
  // ES-module-only packages Jest's CommonJS runtime cannot load as they are; swc turns them into CommonJS.
  transformIgnorePatterns: ['/node_modules/(?!(jose|auto-bind)/)'],
  moduleNameMapper: { '^@emergency/(.*)$': '<rootDir>/libs/$1/src' },
  globalSetup: '<rootDir>/libs/testing/src/global-setup.ts',
  globalTeardown: '<rootDir>/libs/testing/src/global-teardown.ts',
  maxWorkers: 2,
  testTimeout: 60_000,
};
