// The `build` target of every app and lib, inferred by Nx from this file (nx.json `plugins`).
//
// A project's build compiles its own folder into dist/<apps|libs>/<name> (infra/scripts/build.mjs <name>), after
// the builds of exactly the libs its runtime sources import, transitively (runtime-graph.js). Those libs are named
// here rather than with `^build` because Nx's project graph also holds the tests' imports: with `^build`, a
// subgraph's build would compile the test harness and the gateway's build every subgraph. The hash covers the
// project's and those libs' production files and the build tooling, so editing a lib rebuilds the apps that use
// it, and a cache hit restores the app and every lib it needs.
'use strict';

const { dirname } = require('node:path');
const { runtimeLibs } = require('./runtime-graph.js');

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
      return [file, { projects: { [root]: { targets: { build } } } }];
    }),
];

module.exports = { createNodesV2 };
