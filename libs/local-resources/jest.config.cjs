module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'local-resources',
  rootDir: __dirname,
};
