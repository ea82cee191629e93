module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'eslint-config',
  rootDir: __dirname,
  testTimeout: 60_000,
};
