module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'callback-service',
  rootDir: __dirname,
};
