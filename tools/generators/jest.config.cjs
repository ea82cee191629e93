module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'generators',
  rootDir: __dirname,
};
