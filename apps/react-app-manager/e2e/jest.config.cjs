// Browser tests against the real local stack: a target of their own (`nx run react-app-manager:e2e`),
// so `npm test` needs no Chromium.
module.exports = {
  ...require('../../../tools/jest/preset.cjs'),
  displayName: 'react-app-manager-e2e',
  rootDir: __dirname,
  testMatch: ['**/*.e2e.ts'],
};
