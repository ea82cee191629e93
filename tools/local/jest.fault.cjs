// `nx run local-stack:fault`: faults injected into npm start with its real engines (*.fault.ts).
// Not part of `npm test`: each suite starts and kills whole stacks.
module.exports = {
  ...require('../../tools/jest/preset.cjs'),
  displayName: 'local-stack (faults)',
  rootDir: __dirname,
  testMatch: ['**/*.fault.ts'],
};
