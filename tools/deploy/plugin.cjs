// Infers the local commands (invoke, event, logs) for every app, that is every project whose folder
// holds a deploy.json, so that a new app has them without editing its project.json or a shared list.
const { dirname } = require('node:path');

const LOCAL_COMMANDS = ['invoke', 'event', 'logs'];

module.exports.createNodesV2 = [
  'apps/*/deploy.json',
  (deployFiles) =>
    deployFiles.map((deployFile) => [
      deployFile,
      {
        projects: {
          [dirname(deployFile)]: {
            targets: Object.fromEntries(LOCAL_COMMANDS.map((name) => [name, { executor: `./tools/deploy:${name}`, cache: false }])),
          },
        },
      },
    ]),
];
