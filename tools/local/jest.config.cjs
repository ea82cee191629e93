module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'local-stack',
  rootDir: __dirname,
};
