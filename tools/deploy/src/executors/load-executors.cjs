// Nx loads an executor's implementation with require(). On Node 20 it can run TypeScript only
// through @swc-node/register or ts-node, which this workspace does not install; tsx (already used
// by npm start) compiles executors.ts on the fly instead. Its ES module hook is registered too:
// the storage lib loads the AWS SDK clients with a dynamic import(), which require()'s hook does not see.
const { join } = require('node:path');
const tsx = require('tsx/cjs/api');
require('tsx/esm/api').register({ tsconfig: join(__dirname, '../../../../tsconfig.base.json') });

module.exports = tsx.require('./executors.ts', __filename);
