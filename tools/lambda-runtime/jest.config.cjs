module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'lambda-runtime',
  rootDir: __dirname,
};
