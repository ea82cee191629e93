module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'console',
  rootDir: __dirname,
};
