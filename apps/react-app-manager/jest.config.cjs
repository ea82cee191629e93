module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'react-app-manager',
  rootDir: __dirname,
};
