// The unit suites, and the ones that need git and Nx but no Docker; e2e/*.docker.spec.ts runs in `test-docker`.
module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'deploy',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '\\.docker\\.spec\\.ts$'],
};
