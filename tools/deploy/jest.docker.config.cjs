// Suites that need a Docker daemon (and a local registry): nx run deploy:test-docker.
module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'deploy-docker',
  rootDir: __dirname,
  testMatch: ['**/*.docker.spec.ts'],
};
