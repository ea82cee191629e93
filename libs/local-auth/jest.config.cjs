module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'local-auth',
  rootDir: __dirname,
};
