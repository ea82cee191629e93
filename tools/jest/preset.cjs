// Shared by every project's jest.config.cjs: swc strips types (typecheck is its own target),
// and tsconfig path aliases resolve to each lib's public index.ts.
const path = require('node:path');
const { compilerOptions } = require('../../tsconfig.base.json');

const moduleNameMapper = Object.fromEntries(
  Object.entries(compilerOptions.paths).map(([alias, [target]]) => [
    `^${alias}$`,
    path.join(__dirname, '../..', target),
  ]),
);

module.exports = {
  testEnvironment: 'node',
  transform: {
    '^.+\\.ts$': [
      '@swc/jest',
      { jsc: { parser: { syntax: 'typescript' }, target: 'es2022' }, module: { type: 'commonjs' } },
    ],
    // jose 6 ships ES modules only; jest's CommonJS runtime loads them once swc has converted them.
    '/node_modules/jose/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/)'],
  moduleFileExtensions: ['ts', 'js', 'json'],
  moduleNameMapper,
  testMatch: ['**/*.spec.ts'],
  clearMocks: true,
  // On a 2-core machine jest runs a project's files in its own process (one worker or fewer), so a
  // handle that a failed test leaves open (an engine, a server, a child process) would keep that
  // process, and the CI run behind it, waiting forever after the results ("Jest did not exit").
  // Jest exits once the results are in, passing or failing as they say; it prints "Force exiting
  // Jest" each time, leak or not. The tests still close what they start, on failure too.
  forceExit: true,
};
