// The `build` target of every app and lib, inferred by Nx from this file (nx.json `plugins`).
//
// A project's build compiles its own folder into dist/<apps|libs>/<name> (infra/scripts/build.mjs <name>), after
// the builds of exactly the libs its runtime sources import, transitively (runtime-graph.js). Those libs are named
// here rather than with `^build` because Nx's project graph also holds the tests' imports: with `^build`, a
// subgraph's build would compile the test harness and the gateway's build every subgraph. The hash covers the
// project's and those libs' production files and the build tooling, so editing a lib rebuilds the apps that use
// it, and a cache hit restores the app and every lib it needs. It also drops the few test-only edges that would
// close a cycle (below).
'use strict';

const { dirname } = require('node:path');
const { runtimeLibs, testOnlyLibs } = require('./runtime-graph.js');

const createNodesV2 = [
  '{apps,libs}/*/project.json',
  async (configFiles) =>
    configFiles.map((file) => {
      const root = dirname(file);
      const libs = runtimeLibs(root);
      const build = {
        executor: 'nx:run-commands',
        options: { command: `node infra/scripts/build.mjs ${root}`, cwd: '{workspaceRoot}' },
        cache: true,
        inputs: [
          'production',
          ...(libs.length > 0 ? [{ input: 'production', projects: libs }] : []),
          'buildTool',
        ],
        outputs: [`{workspaceRoot}/dist/${root}`],
        dependsOn: libs.length > 0 ? [{ target: 'build', projects: libs }] : [],
        metadata: {
          description: `Compile ${root} into dist/${root}; runtime libs: ${libs.join(', ') || 'none'}`,
        },
      };
      // A lib's tests may import a lib that needs this one at run time (libs/events' tests use libs/testing,
      // which uses events): a cycle in Nx's graph, though in no program. Those edges alone are left out, so
      // the module-boundary lint still finds real cycles; apps are imported by no lib and keep every edge.
      const name = root.split('/')[1];
      const cyclic = root.startsWith('libs/')
        ? testOnlyLibs(root).filter((lib) => runtimeLibs(`libs/${lib}`).includes(name))
        : [];
      const project = { targets: { build } };
      if (cyclic.length > 0) project.implicitDependencies = cyclic.map((lib) => `!${lib}`);
      return [file, { projects: { [root]: project } }];
    }),
];

module.exports = { createNodesV2 };
