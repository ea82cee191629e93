module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'storage',
  rootDir: __dirname,
};
