const preset = require('../../tools/jest/preset.cjs');

// @seriousme/openapi-schema-validator ships ES modules only: swc converts them (and its
// import.meta.url) for jest's CommonJS runtime, as the preset does for jose.
module.exports = {
  ...preset,
  displayName: 'openapi',
  rootDir: __dirname,
  transform: {
    ...preset.transform,
    '/node_modules/@seriousme/openapi-schema-validator/.+\\.js$': ['@swc/jest', { jsc: { target: 'es2022' }, module: { type: 'commonjs' } }],
  },
  transformIgnorePatterns: ['/node_modules/(?!jose/|@seriousme/openapi-schema-validator/)'],
};
