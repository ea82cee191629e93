module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'integration-service',
  rootDir: __dirname,
};
