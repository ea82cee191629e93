module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'errors',
  rootDir: __dirname,
};
