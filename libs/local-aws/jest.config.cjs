module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'local-aws',
  rootDir: __dirname,
};
