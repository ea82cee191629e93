module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'http-client',
  rootDir: __dirname,
};
