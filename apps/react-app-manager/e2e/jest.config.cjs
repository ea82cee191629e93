// Browser tests against the real local stack: a target of their own (`nx run react-app-manager:e2e`),
// so `npm test` needs no Chromium.
module.exports = {
  ...require('../../../tools/jest/preset.cjs'),
  displayName: 'react-app-manager-e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e.ts'],
  // Each test drives a real browser against a real stack, and the first create starts a build worker
  // and a fresh function environment (its SDK loaded on first use): seconds on a loaded 2-core machine.
  testTimeout: 30_000,
};
