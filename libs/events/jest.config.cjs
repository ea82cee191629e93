module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'events',
  rootDir: __dirname,
};
