// Infers `openapi` and `api-compat` for every app that declares its routes, that is every project
// folder with a deploy.json and a src/api.ts, so that a new app has them without editing its
// project.json or a shared list.
const { existsSync } = require('node:fs');
const { basename, dirname, join } = require('node:path');

const SOURCES = ['{workspaceRoot}/tools/openapi/src/**/*.ts', '!{workspaceRoot}/tools/openapi/src/**/*.spec.ts'];

function targets(app) {
  return {
    openapi: {
      executor: 'nx:run-commands',
      cache: true,
      // The document is built from the app's sources and the libs they import (http's builder, events' schemas).
      inputs: ['production', '^production', ...SOURCES, { env: 'APP_VERSION' }, { externalDependencies: ['zod', '@seriousme/openapi-schema-validator'] }],
      outputs: ['{workspaceRoot}/dist/{projectRoot}/openapi.json'],
      options: { command: `tsx --tsconfig tsconfig.base.json tools/openapi/src/openapi.ts ${app}` },
    },
    'api-compat': {
      executor: 'nx:run-commands',
      // Compares with another commit and reads the commits between: nothing an input hash covers.
      cache: false,
      options: { command: `tsx --tsconfig tsconfig.base.json tools/openapi/src/api-compat.ts ${app}` },
    },
  };
}

module.exports.createNodesV2 = [
  'apps/*/src/api.ts',
  (apiFiles, _options, context) =>
    apiFiles
      .map((apiFile) => [apiFile, dirname(dirname(apiFile))])
      .filter(([, root]) => existsSync(join(context.workspaceRoot, root, 'deploy.json')))
      .map(([apiFile, root]) => [apiFile, { projects: { [root]: { targets: targets(basename(root)) } } }]),
];
