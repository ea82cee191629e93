module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'http',
  rootDir: __dirname,
};
