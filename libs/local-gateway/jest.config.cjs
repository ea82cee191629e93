module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'local-gateway',
  rootDir: __dirname,
};
