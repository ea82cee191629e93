// Nx loads an executor's implementation with require(). On Node 20 it can run TypeScript only
// through @swc-node/register or ts-node, which this workspace does not install; tsx (already used
// by npm start) compiles executors.ts on the fly instead.
const tsx = require('tsx/cjs/api');

module.exports = tsx.require('./executors.ts', __filename);
