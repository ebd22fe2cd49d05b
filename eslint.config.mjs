import js from '@eslint/js';
import nx from '@nx/eslint-plugin';
import tseslint from 'typescript-eslint';
import { createRequire } from 'node:module';

const { projectRoots, runtimeLibs, testOnlyLibs } = createRequire(import.meta.url)(
  './infra/scripts/runtime-graph.js',
);

/** Pairs of libs where one's tests import a lib that needs it at run time: the edges Nx's graph leaves out. */
const testOnlyCycles = projectRoots()
  .filter((root) => root.startsWith('libs/'))
  .flatMap((root) => {
    const name = root.slice('libs/'.length);
    return testOnlyLibs(root)
      .filter((lib) => runtimeLibs(`libs/${lib}`).includes(name))
      .map((lib) => [name, lib]);
  });

/** What each kind of project may depend on; tests may use the test harness as well. */
function moduleBoundaries({ inTests }) {
  const testing = inTests ? ['type:testing'] : [];
  return {
    allow: [],
    // A lib's tests use the test harness, which uses that lib: a cycle between projects, though in no program
    // (Nx leaves these edges out of its graph, infra/scripts/nx-build-plugin.js).
    ignoredCircularDependencies: testOnlyCycles,
    depConstraints: [
      { sourceTag: 'scope:shared', onlyDependOnLibsWithTags: ['scope:shared'] },
      ...['organisations', 'plans', 'supplies', 'incidents', 'audit', 'gateway'].map((scope) => ({
        sourceTag: `scope:${scope}`,
        onlyDependOnLibsWithTags: [`scope:${scope}`, 'scope:shared'],
      })),
      {
        sourceTag: 'type:app',
        onlyDependOnLibsWithTags: ['type:shell', 'type:runtime', 'type:domain', 'type:contracts', ...testing],
      },
      {
        sourceTag: 'type:shell',
        onlyDependOnLibsWithTags: ['type:runtime', 'type:domain', 'type:contracts', ...testing],
      },
      { sourceTag: 'type:runtime', onlyDependOnLibsWithTags: ['type:runtime', 'type:domain', ...testing] },
      { sourceTag: 'type:domain', onlyDependOnLibsWithTags: ['type:runtime', 'type:domain', ...testing] },
      {
        sourceTag: 'type:contracts',
        onlyDependOnLibsWithTags: ['type:runtime', 'type:domain', 'type:contracts'],
      },
      {
        sourceTag: 'type:testing',
        onlyDependOnLibsWithTags: [
          'type:shell',
          'type:runtime',
          'type:domain',
          'type:contracts',
          'type:testing',
        ],
      },
    ],
  };
}

export default tseslint.config(
  {
    ignores: [
      'dist/**',
      'node_modules/**',
      '.data/**',
      '.nx/**',
      'coverage/**',
      '**/*.js',
      '**/*.mjs',
      '**/*.cjs',
    ],
  },
  js.configs.recommended,
  { plugins: { '@nx': nx } },
  ...tseslint.configs.recommended,
  {
    files: ['**/*.ts', '**/*.tsx'],
    languageOptions: {
      parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-explicit-any': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_' }],
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: ['../../libs/*', '../../../libs/*', '**/libs/*/src/*'],
              message: 'Import libs through @emergency/<lib>.',
            },
            {
              group: ['**/apps/*/src/**', '../../apps/*'],
              message: 'Apps never import each other; use federation or events.',
            },
          ],
        },
      ],
    },
  },
  {
    // libs hold mechanisms only: they must not reach into any app.
    files: ['libs/**/*.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              group: [
                '**/apps/**',
                '@emergency/organisations',
                '@emergency/plans',
                '@emergency/supplies',
                '@emergency/incidents',
                '@emergency/audit',
                '@emergency/gateway',
              ],
              message: 'libs must not depend on apps.',
            },
          ],
        },
      ],
    },
  },
  {
    // Module boundaries by Nx tags (docs/adr/0021-libraries-by-what-they-are.md). By scope: an app uses its own
    // code and shared libs, never another app. By type: an app (type:app) builds on the service shell
    // (type:shell, libs/subgraph), the runtime mechanisms (type:runtime), the shared domain vocabulary
    // (type:domain) and the event contracts (type:contracts); the runtime mechanisms know no domain contract;
    // the test and local-stack libs (type:testing) are for tests and `npm start` only.
    files: ['**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ inTests: false })],
    },
  },
  {
    // Tests may also use the test harness and the local stack.
    files: ['**/*.spec.ts', '**/test/**/*.ts'],
    rules: {
      '@nx/enforce-module-boundaries': ['error', moduleBoundaries({ inTests: true })],
    },
  },
  {
    // A service writes through `write` from @emergency/subgraph, which maps named constraint violations to domain
    // errors and forgets the request's loader entries the write changed. Projectors write with the manager of the
    // consumer's transaction they run in, and are not request write paths.
    files: ['apps/*/src/**/*.ts'],
    ignores: ['**/*.projector.ts', '**/*.spec.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.property.name='transaction']:matches([callee.object.name=/^dataSource$/i], [callee.object.property.name=/^dataSource$/i])",
          message:
            'Write through write(ctx, dataSource, work, { constraints, forgets }) from @emergency/subgraph, or transaction() from @emergency/database outside a request.',
        },
      ],
    },
  },
  {
    // The end-to-end tests boot every subgraph in the test process behind the gateway and load the demo data set
    // `npm start` loads, and the rebuild command's test runs it against a running audit service: the places that
    // may import other apps and infra.
    files: [
      'apps/gateway/test/system.ts',
      'apps/gateway/test/demo-data.spec.ts',
      'apps/audit/test/rebuild.spec.ts',
      'apps/console/test/console.spec.ts',
      'apps/audit/test/goods-rebuild.spec.ts',
    ],
    rules: { '@nx/enforce-module-boundaries': 'off' },
  },
);
