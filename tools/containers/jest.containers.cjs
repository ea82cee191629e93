// `npm run test:containers`: the suites that run real images under Docker (*.container.spec.ts).
module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'containers (docker)',
  rootDir: __dirname,
  testMatch: ['**/*.container.spec.ts'],
  testTimeout: 120_000,
};
