module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'config',
  rootDir: __dirname,
};
