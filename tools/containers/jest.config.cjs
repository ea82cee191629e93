// `npm test`: the unit tests. The container suite (*.container.spec.ts) needs Docker and runs
// through `npm run test:containers` (jest.containers.cjs).
module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'containers',
  rootDir: __dirname,
  testPathIgnorePatterns: ['\\.container\\.spec\\.ts$'],
};
