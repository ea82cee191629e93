module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'app-deploy',
  rootDir: __dirname,
};
