// Nx loads a generator's factory with require(). On Node 20 it can run TypeScript only through
// @swc-node/register or ts-node, which this workspace does not install; tsx (already used by
// npm start and tools/deploy's executors) compiles the generators on the fly instead.
const tsx = require('tsx/cjs/api');

module.exports = tsx.require('./index.ts', __filename);
